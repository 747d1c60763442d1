package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney;
import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A PostgreSQL fail-over as when a primary's address moves: the connections the pool holds go silent for good while
 * new connections work. The instance answers 503 meanwhile, readiness goes DOWN, and within 15 s the instance serves
 * again by itself, readiness UP, with no payment slot left stuck by the batches that hung on the dead connections.
 */
@Import(DependencyOutageTest.ProbeRoutes.class)
class DatabaseFailOverTest extends StagedoorAppTest {

    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final int HUNG_PAYMENTS = 6; // more than the payment batches' slots (max-in-flight 4)
    private static final int POOL_GROWTH = 8;
    private static TcpProxy postgresProxy;

    @DynamicPropertySource
    static void postgresThroughAProxy(DynamicPropertyRegistry registry) {
        var postgres = TestServers.postgres();
        postgresProxy = new TcpProxy(postgres.host(), postgres.port());
        propertyOverrides.put("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database.name());
        registry.add("stagedoor.http.request-deadline", () -> "PT3S");
        registry.add("stagedoor.metrics.dependency-check", () -> "PT1S");
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
    }

    @AfterAll
    static void closeProxy() {
        postgresProxy.close();
    }

    @Test
    void afterAFailOverTheInstanceServesAgainWithin15SecondsReadinessFollowsAndNoPaymentSlotStaysStuck() throws Exception {
        PaymentJourney journey = new PaymentJourney(client);
        PaymentJourney.Concert concert = journey.createConcert("Fail-over");
        List<Payer> payers = new ArrayList<>();
        for (int i = 0; i < HUNG_PAYMENTS; i++) {
            long userId = journey.createUser("fail-over payer " + i);
            journey.charge(userId, 500_000);
            String token = journey.activeToken(userId, concert.concertId());
            payers.add(new Payer(token, journey.heldReservation(token, concert.firstSchedule(), i + 1)));
        }
        growThePool();
        awaitReadiness(200);

        postgresProxy.failOver();
        long failedOver = System.nanoTime();
        List<CompletableFuture<Answer>> hung = payers.stream()
                .map(payer -> CompletableFuture.supplyAsync(() -> journey.pay(payer.token(), payer.reservationId(), "hung-" + payer.reservationId())))
                .toList();

        List<Answer> duringFailOver = new ArrayList<>();
        for (CompletableFuture<Answer> payment : hung) {
            Answer answer = payment.get();
            assertThat(answer.status()).as(answer.body()).isIn(201, 503);
            duringFailOver.add(answer);
        }
        boolean serving = Polling.within(RECOVERY, Duration.ofMillis(200),
                () -> client.get().uri("/api/v1/probe/postgres").exchange().returnResult(String.class).getStatus().value() == 200);
        Duration recovery = Duration.ofNanos(System.nanoTime() - failedOver);
        assertThat(serving).as("serves again within %s of the fail-over", RECOVERY).isTrue();
        assertThat(recovery).isLessThan(RECOVERY);

        for (int i = 0; i < payers.size(); i++) {
            Payer payer = payers.get(i);
            if (duringFailOver.get(i).status() == 201) {
                continue; // paid on a fresh connection during the fail-over: that payment spent the fan's queue token
            }
            Answer paid = journey.pay(payer.token(), payer.reservationId(), "after-" + payer.reservationId());
            if (paid.status() == 401 && paymentsOf(payer) == 1) {
                // answered 503 at the request deadline after its commit had spent the token (a busy machine)
                assertThat(paid.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
                continue;
            }
            assertThat(paid.status()).as("a free payment slot pays: " + paid.body()).isIn(201, 409);
            if (paid.status() == 409) {
                assertThat(paid.json().get("code").asString()).isEqualTo("RESERVATION_ALREADY_PAID");
            }
        }
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id IN ("
                + String.join(",", payers.stream().map(payer -> Long.toString(payer.reservationId())).toList()) + ")"))
                .isEqualTo(HUNG_PAYMENTS);
        awaitReadiness(200);
        // every connection the pool hands out now answers: as many slow statements at once as the pool grew to
        growThePool();
    }

    @Test
    void readinessIsDownWhilePostgresIsUnreachableAndUpAfter() throws Exception {
        awaitReadiness(200);
        postgresProxy.cut();
        try {
            awaitReadiness(503);
        } finally {
            postgresProxy.restore();
        }
        awaitReadiness(200);
    }

    private long paymentsOf(Payer payer) {
        return database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + payer.reservationId());
    }

    private void growThePool() {
        Flux.range(0, POOL_GROWTH)
                .flatMap(i -> Mono.fromRunnable(() -> client.get().uri("/api/v1/probe/postgres-slow").exchange()
                        .expectStatus().isOk()).subscribeOn(Schedulers.boundedElastic()), POOL_GROWTH)
                .blockLast(Duration.ofSeconds(20));
    }

    private void awaitReadiness(int status) throws InterruptedException {
        boolean reached = Polling.within(RECOVERY, Duration.ofMillis(200), () -> managementClient().get()
                .uri("/actuator/health/readiness").exchange().returnResult(String.class).getStatus().value() == status);
        assertThat(reached).as("readiness answers %d within %s", status, RECOVERY).isTrue();
    }

    private record Payer(String token, long reservationId) {
    }
}
