package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The seed's eight flows end to end, signed in, with every step on the other of two app instances than the step before:
 * a token signed by one instance is honoured by the other, and the invariants hold in the database afterwards.
 */
class SeedFlowsOnTwoInstancesHttpTest extends StagedoorAppTest {

    private static final long PRICE = 130_000;

    @DynamicPropertySource
    static void quickAdmission(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
        registry.add("stagedoor.queue.redis-timeout", () -> "PT5S");
    }

    @Test
    void aSignedInFanJoinsPollsBrowsesHoldsChargesAndPaysAcrossTwoInstances() throws InterruptedException {
        ConfigurableApplicationContext secondInstance = startAnotherInstance("stagedoor.queue.tick=PT0.1S");
        try {
            WebTestClient one = client;
            WebTestClient two = clientFor(portOf(secondInstance));
            long concertId = openConcert(one);

            // sign up on one, sign in on two
            long userId = signUp(one, "Two-instance fan").userId();
            SignedIn fan = signIn(two, userId, PASSWORD);

            // 1. join (one)
            Map<?, ?> joined = as(one, fan).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("concertId", concertId)).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            assertThat(joined.get("userId")).isEqualTo((int) userId);
            String token = (String) joined.get("token");

            // 2. status (two), until admitted
            assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100), () -> "ACTIVE".equals(
                    two.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange()
                            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("status"))))
                    .as("admitted in time").isTrue();
            WebTestClient gatedOne = gated(one, fan, token);
            WebTestClient gatedTwo = gated(two, fan, token);

            // 3. dates (two)
            Map<?, ?> dates = gatedTwo.get().uri("/api/v1/concerts/{c}/schedules", concertId).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            long scheduleId = ((Number) ((Map<?, ?>) ((List<?>) dates.get("schedules")).get(0)).get("scheduleId")).longValue();

            // 4. seats (one)
            gatedOne.get().uri("/api/v1/concerts/{c}/schedules/{s}/seats", concertId, scheduleId).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.seats.length()").isEqualTo(50);

            // 5. hold (two)
            long reservationId = ((Number) gatedTwo.post().uri("/api/v1/reservations").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", 7)).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("reservationId"))
                    .longValue();

            // 6. balance (one)
            as(one, fan).get().uri("/api/v1/users/{id}/balance", userId).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(0);

            // 7. charge (two)
            as(two, fan).post().uri("/api/v1/users/{id}/balance/charges", userId).contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", "two-instance-charge").bodyValue(Map.of("amount", 200_000)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(200_000);

            // 8. pay (one); the token is spent on both
            gatedOne.post().uri("/api/v1/payments").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", "two-instance-pay").bodyValue(Map.of("reservationId", reservationId)).exchange()
                    .expectStatus().isCreated().expectBody()
                    .jsonPath("$.userId").isEqualTo(userId)
                    .jsonPath("$.balance").isEqualTo(200_000 - PRICE);
            two.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange().expectStatus().isUnauthorized();

            assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'SOLD' AND held_by = " + userId))
                    .isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND id = "
                    + reservationId + " AND user_id = " + userId)).isEqualTo(1);
            assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId))
                    .isEqualTo(200_000 - PRICE);
            assertThat(database.queryForLong("SELECT sum(CASE WHEN type = 'PAYMENT' THEN -amount ELSE amount END)"
                    + " FROM account.ledger WHERE user_id = " + userId)).isEqualTo(200_000 - PRICE);
            assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + userId)).isEqualTo(1);
        } finally {
            secondInstance.close();
        }
    }

    private static long openConcert(WebTestClient via) {
        Map<?, ?> concert = via.post().uri("/api/v1/admin/concerts").header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"Two instances\", \"schedules\": [{\"startsAt\": \""
                        + Instant.now().plus(Duration.ofDays(9)) + "\", \"price\": " + PRICE + "}]}")
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        long concertId = ((Number) concert.get("concertId")).longValue();
        via.put().uri("/api/v1/admin/queues/{c}", concertId).header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"activeCapacity\": 100, \"admissionsPerMinute\": 6000, \"paused\": false}")
                .exchange().expectStatus().isOk();
        return concertId;
    }

    private static WebTestClient gated(WebTestClient via, SignedIn fan, String token) {
        return as(via, fan).mutate().defaultHeader("Queue-Token", token).build();
    }
}
