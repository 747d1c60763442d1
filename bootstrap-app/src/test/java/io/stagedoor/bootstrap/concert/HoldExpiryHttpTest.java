package io.stagedoor.bootstrap.concert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The configured hold duration and the sweeper the wiring runs on its own, through the running app. */
class HoldExpiryHttpTest extends ConcertHttpSupport {

    @DynamicPropertySource
    static void shortHolds(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.reservation.hold-duration", () -> "PT1S");
        registry.add("stagedoor.reservation.sweep-interval", () -> "PT0.2S");
    }

    @Test
    void oneSecondHoldRunsOutAndTheRunningSweeperMarksItExpiredAndFreesTheSeat() {
        CreatedConcert concert = newConcert();
        String token = admittedToken(concert.concertId());
        Map<?, ?> held = hold(client, token, concert.firstScheduleId(), "3")
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        long reservationId = ((Number) held.get("reservationId")).longValue();
        assertThat(Instant.parse((String) held.get("expiresAt"))).isBefore(Instant.now().plusSeconds(2));

        Instant deadline = Instant.now().plusSeconds(10);
        while (database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'EXPIRED' AND id = "
                + reservationId) == 0) {
            assertThat(Instant.now()).as("swept in time").isBefore(deadline);
            sleep(100);
        }

        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'AVAILABLE'"
                + " AND schedule_id = " + concert.firstScheduleId() + " AND seat_number = 3")).isEqualTo(1);
        holder(token).get().uri("/api/v1/reservations/{id}", reservationId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
        problem(holder(token).delete().uri("/api/v1/reservations/{id}", reservationId)
                .exchange(), 409, "RESERVATION_EXPIRED");
    }
}
