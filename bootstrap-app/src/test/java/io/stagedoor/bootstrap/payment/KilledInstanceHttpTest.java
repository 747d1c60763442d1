package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.AppInstanceProcess;
import io.stagedoor.bootstrap.support.AppInstanceProcess.EventStream;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An instance killed with SIGKILL in the middle of a payment batch and of a hold batch, on real servers, leaves
 * nothing half-done: no seat sold without a payment, no payment without its ledger entry, every balance equal to its
 * ledger, every held seat with its live reservation, and no Idempotency-Key stuck past the claim timeout (a retry on
 * the surviving instance takes it over and pays). One stopped with SIGTERM at the same point finishes both batches.
 * <p>
 * The instance runs as a process of its own ({@link AppInstanceProcess}), so that it can really be killed or stopped. Its batches are caught mid-transaction
 * by rows this test keeps locked: the payment batch waits on the payers' balances (after it confirmed the seats, in
 * the same transaction), the hold batch on the seats.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.payment.idempotency-claim-timeout=PT2S"})
class KilledInstanceHttpTest extends StagedoorAppTest {

    private static final int PAYERS = 4;
    private static final int HOLDERS = 3;
    private static final long START_BALANCE = 500_000;
    private static final Duration STILL_LOCKED_DURING_SHUTDOWN = Duration.ofMillis(1_500);

    @Test
    void killingAnInstanceMidPaymentAndMidHoldLeavesTheDatabaseConsistentAndNoKeyStuck() throws Exception {
        PaymentJourney journey = new PaymentJourney(client);
        World world = world(journey, "Killed instance");

        try (AppInstanceProcess instance = startInstanceProcess("killed-instance");
             Connection locks = database.connect()) {
            List<CompletableFuture<Answer>> inFlight = batchesWaitingOnLocks(journey, world, instance.client(), locks);

            instance.kill();
            locks.rollback();
            inFlight.forEach(request -> request.handle((answer, error) -> answer));
        }

        assertConsistent();
        Thread.sleep(2_100); // the claim timeout: a retry now takes over the dead instance's keys
        for (Payer payer : world.payers()) {
            Answer paid = journey.pay(payer.token(), payer.reservationId(), "pay-" + payer.reservationId());
            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        }
        assertConsistent();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'"))
                .as("no Idempotency-Key stuck").isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id IN ("
                + reservations(world.payers()) + ")")).isEqualTo(PAYERS);
    }

    /**
     * SIGTERM while a payment batch and a hold batch wait mid-transaction: the instance stops taking new connections
     * but finishes both batches, so every request in flight gets its normal answer (201, not a 503 or a reset
     * connection), an open event stream ends with a retry hint, and the process is gone within 5 s.
     */
    @Test
    void terminatingAnInstanceMidPaymentAndMidHoldFinishesThemWithTheirNormalAnswersWithinFiveSeconds() throws Exception {
        PaymentJourney journey = new PaymentJourney(client);
        World world = world(journey, "Terminated instance");
        PaymentJourney.Concert pausedRoom = journey.createConcert("Terminated instance, paused room");
        Answer paused = PaymentJourney.send(client.put().uri("/api/v1/admin/queues/{c}", pausedRoom.concertId())
                .header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"paused\": true}"));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        long waiter = journey.createUser("waiter");
        String waitingToken = journey.join(waiter, pausedRoom.concertId()).json().get("token").asString();

        List<Answer> answers = new ArrayList<>();
        List<ServerSentEvent<Map<String, Object>>> events;
        Duration stop;
        try (AppInstanceProcess instance = startInstanceProcess("terminated-instance");
             Connection locks = database.connect()) {
            EventStream stream = instance.openEventStream(waitingToken);
            List<CompletableFuture<Answer>> inFlight = batchesWaitingOnLocks(journey, world, instance.client(), locks);

            long terminating = System.nanoTime();
            instance.terminate();
            // the stop has begun (the stream ended) while both batches still wait on the locks; they keep waiting
            // through the graceful shutdown until the locks go
            events = stream.untilEnd(Duration.ofSeconds(5));
            Thread.sleep(STILL_LOCKED_DURING_SHUTDOWN.toMillis());
            assertThat(inFlight).as("nothing answered before the locks are released").noneMatch(CompletableFuture::isDone);
            assertThat(instance.awaitExit(Duration.ZERO)).as("the instance waits for its requests").isFalse();
            locks.rollback();
            for (CompletableFuture<Answer> request : inFlight) {
                answers.add(request.get(10, TimeUnit.SECONDS));
            }
            assertThat(instance.awaitExit(Duration.ofSeconds(10))).as("the instance stops").isTrue();
            stop = Duration.ofNanos(System.nanoTime() - terminating);
        }

        assertThat(answers).as("every payment and hold in flight got its normal answer")
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
        assertThat(stop).as("SIGTERM to exit, batches finished").isLessThan(Duration.ofSeconds(5));
        EventStream.assertEndsWithRetryHint(events);
        assertConsistent();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id IN ("
                + reservations(world.payers()) + ")")).as("every payment in flight was made").isEqualTo(PAYERS);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND user_id IN ("
                + ids(world.holders()) + ")")).as("every hold in flight was taken").isEqualTo(HOLDERS);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'"))
                .as("no Idempotency-Key stuck").isZero();
    }

    /** Payers with a live hold and money, and admitted fans about to hold, all of one new concert. */
    private World world(PaymentJourney journey, String title) {
        PaymentJourney.Concert concert = journey.createConcert(title);
        List<Payer> payers = new ArrayList<>();
        for (int i = 0; i < PAYERS; i++) {
            long userId = journey.createUser("payer " + i);
            journey.charge(userId, START_BALANCE);
            String token = journey.activeToken(userId, concert.concertId());
            payers.add(new Payer(userId, token, journey.heldReservation(token, concert.firstSchedule(), i + 1)));
        }
        List<Payer> holders = new ArrayList<>();
        for (int i = 0; i < HOLDERS; i++) {
            long userId = journey.createUser("holder " + i);
            holders.add(new Payer(userId, journey.activeToken(userId, concert.concertId()), 0));
        }
        return new World(concert, payers, holders);
    }

    /**
     * Sends the payments and holds to {@code via} while {@code locks} keeps the payers' balances and the wanted seats
     * locked, and returns once a payment batch and a hold batch wait on them mid-transaction.
     */
    private List<CompletableFuture<Answer>> batchesWaitingOnLocks(PaymentJourney journey, World world, WebTestClient via,
                                                                  Connection locks) throws Exception {
        long schedule = world.concert().firstSchedule();
        locks.setAutoCommit(false);
        try (Statement statement = locks.createStatement()) {
            statement.execute("SELECT 1 FROM account.balances WHERE user_id IN (" + ids(world.payers()) + ") FOR UPDATE");
            statement.execute("SELECT 1 FROM concert.seats WHERE schedule_id = " + schedule
                    + " AND seat_number BETWEEN 20 AND " + (20 + HOLDERS) + " FOR UPDATE");
        }
        List<CompletableFuture<Answer>> inFlight = new ArrayList<>();
        for (Payer payer : world.payers()) {
            inFlight.add(CompletableFuture.supplyAsync(() -> PaymentJourney.send(as(via, payer.userId(), journey)
                    .post().uri("/api/v1/payments").header("Queue-Token", payer.token())
                    .header("Idempotency-Key", "pay-" + payer.reservationId()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"reservationId\": " + payer.reservationId() + "}"))));
        }
        for (int i = 0; i < HOLDERS; i++) {
            Payer holder = world.holders().get(i);
            int seat = 20 + i;
            inFlight.add(CompletableFuture.supplyAsync(() -> PaymentJourney.send(as(via, holder.userId(), journey)
                    .post().uri("/api/v1/reservations").header("Queue-Token", holder.token())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("scheduleId", schedule, "seatNumber", seat)))));
        }
        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(20), () -> database.queryForLong(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND datname = current_database()") >= 2))
                .as("a payment batch and a hold batch wait mid-transaction").isTrue();
        return inFlight;
    }

    private void assertConsistent() {
        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats s WHERE s.status = 'SOLD' AND NOT EXISTS"
                + " (SELECT 1 FROM payment.payments p WHERE p.reservation_id = s.reservation_id)"))
                .as("seats sold without a payment").isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM (SELECT p.user_id, count(*) AS payments FROM payment.payments p"
                + " GROUP BY p.user_id) p WHERE p.payments <> (SELECT count(*) FROM account.ledger l"
                + " WHERE l.user_id = p.user_id AND l.type = 'PAYMENT')"))
                .as("users whose payments and PAYMENT ledger entries differ").isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM account.balances b WHERE b.balance <> (SELECT"
                + " coalesce(sum(CASE WHEN l.type = 'PAYMENT' THEN -l.amount ELSE l.amount END), 0)"
                + " FROM account.ledger l WHERE l.user_id = b.user_id)"))
                .as("balances that differ from their ledger").isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats s WHERE s.status = 'HELD' AND NOT EXISTS"
                + " (SELECT 1 FROM concert.reservations r WHERE r.id = s.reservation_id AND r.status = 'HELD')"))
                .as("held seats without their live reservation").isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations r WHERE r.status = 'CONFIRMED'"
                + " AND NOT EXISTS (SELECT 1 FROM payment.payments p WHERE p.reservation_id = r.id)"))
                .as("reservations confirmed without a payment").isZero();
    }

    private static WebTestClient as(WebTestClient via, long userId, PaymentJourney journey) {
        return via.mutate().defaultHeader("Authorization", "Bearer " + journey.accessTokenOf(userId)).build();
    }

    private static String ids(List<Payer> payers) {
        return payers.stream().map(payer -> Long.toString(payer.userId())).collect(Collectors.joining(","));
    }

    private static String reservations(List<Payer> payers) {
        return payers.stream().map(payer -> Long.toString(payer.reservationId())).collect(Collectors.joining(","));
    }

    /** The app in a JVM of its own on this test's servers, with batches that wait long on this test's locks. */
    private static AppInstanceProcess startInstanceProcess(String name) throws Exception {
        return AppInstanceProcess.start(name, appProperties(), List.of(
                "stagedoor.payment.idempotency-claim-timeout=PT2S", "stagedoor.reservation.hold-batch.max-size=8",
                // long enough limits that the batches are still waiting on this test's locks when the instance is
                // killed or stopped
                "stagedoor.db.lock-timeout=PT30S", "stagedoor.db.statement-timeout=PT40S",
                "stagedoor.db.unanswered-limit=PT45S", "stagedoor.db.transaction-timeout=PT60S",
                "stagedoor.db.idle-in-transaction-timeout=PT60S", "stagedoor.http.request-deadline=PT60S"));
    }

    private record Payer(long userId, String token, long reservationId) {
    }

    private record World(PaymentJourney.Concert concert, List<Payer> payers, List<Payer> holders) {
    }
}
