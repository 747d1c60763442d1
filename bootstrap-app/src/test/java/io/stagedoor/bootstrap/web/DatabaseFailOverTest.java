package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.stagedoor.bootstrap.payment.PaymentJourney;
import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.persistence.UnansweredConnections;
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
import org.springframework.beans.factory.annotation.Autowired;
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
 * "Serves again" means every connection the pool holds answers, not one probe: a probe may be served on a fresh
 * connection while dead ones still wait idle in the pool for the next requests. Each step's pool state is printed,
 * so a failed run shows which connections the requests drew.
 */
@Import(DependencyOutageTest.ProbeRoutes.class)
class DatabaseFailOverTest extends StagedoorAppTest {

    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final int HUNG_PAYMENTS = 6; // more than the payment batches' slots (max-in-flight 2)
    private static final int POOL_GROWTH = 8;
    private static TcpProxy postgresProxy;

    @Autowired
    ConnectionPool pool;

    @Autowired
    UnansweredConnections watchdog;

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
        timeline(failedOver, "failed over");
        List<CompletableFuture<Answer>> hung = payers.stream()
                .map(payer -> CompletableFuture.supplyAsync(() -> journey.pay(payer.token(), payer.reservationId(), "hung-" + payer.reservationId())))
                .toList();

        List<Answer> duringFailOver = new ArrayList<>();
        for (CompletableFuture<Answer> payment : hung) {
            Answer answer = payment.get();
            assertThat(answer.status()).as(answer.body()).isIn(201, 503);
            duringFailOver.add(answer);
        }
        timeline(failedOver, "payments during the fail-over answered " + duringFailOver.stream().map(Answer::status).toList());
        boolean serving = Polling.within(RECOVERY, Duration.ofMillis(200), () -> everyPooledConnectionAnswers(failedOver));
        Duration recovery = Duration.ofNanos(System.nanoTime() - failedOver);
        assertThat(serving).as("every pooled connection answers again within %s of the fail-over", RECOVERY).isTrue();
        assertThat(recovery).isLessThan(RECOVERY);

        for (int i = 0; i < payers.size(); i++) {
            Payer payer = payers.get(i);
            if (duringFailOver.get(i).status() == 201) {
                continue; // paid on a fresh connection during the fail-over: that payment spent the fan's queue token
            }
            Answer paid = journey.pay(payer.token(), payer.reservationId(), "after-" + payer.reservationId());
            timeline(failedOver, "payment after recovery answered " + paid.status());
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

    /**
     * Draws as many connections at once as are open, each held for a second by the statement, and tells whether
     * every draw answered on a connection of its own: then every idle connection was drawn (the pool hands out an
     * idle one before it opens a new one) and none of them is dead. The open connections are counted where they are
     * opened and closed ({@link UnansweredConnections}), not by the pool's allocated size, which also counts the
     * permits of connections being opened and stayed well above the open connections after a fail-over.
     */
    private boolean everyPooledConnectionAnswers(long failedOver) {
        int draws = Math.max(1, watchdog.liveConnections());
        String before = poolState();
        List<String> answers = Flux.range(0, draws)
                .flatMap(i -> Mono.fromCallable(this::heldConnectionProbe).subscribeOn(Schedulers.boundedElastic()), draws)
                .collectList()
                .block(Duration.ofSeconds(20));
        long served = answers.stream().filter(answer -> answer.startsWith("pid ")).count();
        long connections = answers.stream().filter(answer -> answer.startsWith("pid ")).distinct().count();
        timeline(failedOver, draws + " draws (" + before + "): " + answers);
        return served == draws && connections == draws;
    }

    private String heldConnectionProbe() {
        var result = client.get().uri("/api/v1/probe/postgres-held").exchange().returnResult(String.class);
        int status = result.getStatus().value();
        return status == 200 ? "pid " + result.getResponseBody().blockFirst() : Integer.toString(status);
    }

    private void timeline(long failedOver, String what) {
        System.out.printf("fail-over +%d ms: %s; now %s%n", Duration.ofNanos(System.nanoTime() - failedOver).toMillis(), what,
                poolState());
    }

    private String poolState() {
        return pool.getMetrics().map(metrics -> String.format("pool allocated %d, idle %d, acquired %d, pending %d",
                        metrics.allocatedSize(), metrics.idleSize(), metrics.acquiredSize(), metrics.pendingAcquireSize()))
                .orElse("pool metrics off")
                + ", watched " + watchdog.liveConnections() + ", stranded sockets " + postgresProxy.strandedConnections();
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
