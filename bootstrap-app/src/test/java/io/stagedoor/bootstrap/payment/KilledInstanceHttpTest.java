package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.StagedoorApplication;
import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An instance killed with SIGKILL in the middle of a payment batch and of a hold batch, on real servers, leaves
 * nothing half-done: no seat sold without a payment, no payment without its ledger entry, every balance equal to its
 * ledger, every held seat with its live reservation, and no Idempotency-Key stuck past the claim timeout (a retry on
 * the surviving instance takes it over and pays).
 * <p>
 * The instance runs as a process of its own, so that it can really be killed. Its batches are caught mid-transaction
 * by rows this test keeps locked: the payment batch waits on the payers' balances (after it confirmed the seats, in
 * the same transaction), the hold batch on the seats.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.payment.idempotency-claim-timeout=PT2S"})
class KilledInstanceHttpTest extends StagedoorAppTest {

    private static final int PAYERS = 4;
    private static final int HOLDERS = 3;
    private static final long START_BALANCE = 500_000;

    @Test
    void killingAnInstanceMidPaymentAndMidHoldLeavesTheDatabaseConsistentAndNoKeyStuck() throws Exception {
        PaymentJourney journey = new PaymentJourney(client);
        PaymentJourney.Concert concert = journey.createConcert("Killed instance");
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

        Process instance = startInstanceProcess();
        try (Connection locks = database.connect()) {
            int port = awaitReady(instance);
            WebTestClient killed = clientFor(port);
            locks.setAutoCommit(false);
            try (Statement statement = locks.createStatement()) {
                statement.execute("SELECT 1 FROM account.balances WHERE user_id IN (" + ids(payers) + ") FOR UPDATE");
                statement.execute("SELECT 1 FROM concert.seats WHERE schedule_id = " + concert.firstSchedule()
                        + " AND seat_number BETWEEN 20 AND " + (20 + HOLDERS) + " FOR UPDATE");
            }
            List<CompletableFuture<Answer>> inFlight = new ArrayList<>();
            for (Payer payer : payers) {
                inFlight.add(CompletableFuture.supplyAsync(() -> PaymentJourney.send(as(killed, payer.userId(), journey)
                        .post().uri("/api/v1/payments").header("Queue-Token", payer.token())
                        .header("Idempotency-Key", "pay-" + payer.reservationId()).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"reservationId\": " + payer.reservationId() + "}"))));
            }
            for (int i = 0; i < HOLDERS; i++) {
                Payer holder = holders.get(i);
                int seat = 20 + i;
                inFlight.add(CompletableFuture.supplyAsync(() -> PaymentJourney.send(as(killed, holder.userId(), journey)
                        .post().uri("/api/v1/reservations").header("Queue-Token", holder.token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("scheduleId", concert.firstSchedule(), "seatNumber", seat)))));
            }
            assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(20), () -> database.queryForLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND datname = current_database()") >= 2))
                    .as("a payment batch and a hold batch wait mid-transaction").isTrue();

            instance.destroyForcibly().waitFor(); // SIGKILL
            locks.rollback();
            inFlight.forEach(request -> request.handle((answer, error) -> answer));
        } finally {
            instance.destroyForcibly().waitFor();
        }

        assertConsistent();
        Thread.sleep(2_100); // the claim timeout: a retry now takes over the dead instance's keys
        for (Payer payer : payers) {
            Answer paid = journey.pay(payer.token(), payer.reservationId(), "pay-" + payer.reservationId());
            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        }
        assertConsistent();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'"))
                .as("no Idempotency-Key stuck").isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id IN (" + reservations(payers) + ")"))
                .isEqualTo(PAYERS);
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

    /** The app in a JVM of its own, on this test's servers, with the test classes left out of its class path. */
    private static Process startInstanceProcess() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", appClassPath(), StagedoorApplication.class.getName()));
        appProperties().forEach((name, value) -> command.add("--" + name + "=" + value));
        command.add("--stagedoor.payment.idempotency-claim-timeout=PT2S");
        command.add("--stagedoor.reservation.hold-batch.max-size=8");
        // long enough limits that the batches are still waiting on this test's locks when the instance is killed
        for (String setting : List.of("stagedoor.db.lock-timeout=PT30S", "stagedoor.db.statement-timeout=PT40S",
                "stagedoor.db.unanswered-limit=PT45S", "stagedoor.db.transaction-timeout=PT60S",
                "stagedoor.db.idle-in-transaction-timeout=PT60S", "stagedoor.http.request-deadline=PT60S")) {
            command.add("--" + setting);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "stagedoor-killed-instance.log"));
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        portOfProcess = port;
        return process;
    }

    private static int portOfProcess;

    private static int awaitReady(Process process) throws InterruptedException {
        boolean ready = Polling.within(Duration.ofSeconds(90), Duration.ofMillis(250), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the instance process exited with " + process.exitValue());
            }
            try {
                return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + portOfProcess + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
        assertThat(ready).as("the instance process is ready").isTrue();
        return portOfProcess;
    }

    private static String appClassPath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("surefire")) {
                try (JarFile jar = new JarFile(entry)) {
                    String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (classPath != null) {
                        for (String url : classPath.trim().split(" +")) {
                            entries.add(Path.of(URI.create(url)).toString());
                        }
                        continue;
                    }
                }
            }
            entries.add(entry);
        }
        return entries.stream().filter(entry -> !entry.replace('\\', '/').matches(".*/test-classes/?"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private record Payer(long userId, String token, long reservationId) {
    }
}
