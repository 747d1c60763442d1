package io.stagedoor.bootstrap.concert;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.persistence.LocalClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-fan limits and the one clock for holds, through two running app instances on the same servers: the limits are
 * decided by the statement that takes the seat (under the fan's database lock), and hold expiry by PostgreSQL's clock,
 * so neither depends on which instance a request reaches or on that instance's own clock.
 */
class FanLimitsHttpTest extends ConcertHttpSupport {

    private static final String HOLD_DURATION = "PT30S";
    private static final String SWEEP_INTERVAL = "PT0.2S";

    @DynamicPropertySource
    static void holdSettings(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.reservation.hold-duration", () -> HOLD_DURATION);
        registry.add("stagedoor.reservation.sweep-interval", () -> SWEEP_INTERVAL);
    }

    private static ConfigurableApplicationContext secondInstance(Duration clockOffset) {
        List<String> settings = new ArrayList<>(List.of(QUEUE_TEST_SETTINGS));
        settings.add("stagedoor.reservation.hold-duration=" + HOLD_DURATION);
        settings.add("stagedoor.reservation.sweep-interval=" + SWEEP_INTERVAL);
        return startAnotherInstance(context -> context.getBeanFactory().registerSingleton("localClock",
                new LocalClock(Clock.offset(Clock.systemUTC(), clockOffset))), settings.toArray(String[]::new));
    }

    @Test
    void fiftyConcurrentHoldsOfOneFanOnTwoInstancesWinExactlyFourAndTheRestHearHoldLimitReached() throws Exception {
        CreatedConcert concert = newConcert();
        String token = admittedToken(concert.concertId());
        try (ConfigurableApplicationContext second = secondInstance(Duration.ZERO)) {
            WebTestClient other = clientFor(portOf(second));

            List<EntityExchangeResult<byte[]>> answers = race(50, i ->
                    hold(i % 2 == 0 ? client : other, token, concert.firstScheduleId(), String.valueOf(i + 1))
                            .expectBody().returnResult());

            assertThat(answers).filteredOn(a -> a.getStatus().value() == 201).hasSize(4);
            assertThat(answers).filteredOn(a -> a.getStatus().value() != 201).hasSize(46).allSatisfy(a -> {
                assertThat(a.getStatus().value()).isEqualTo(409);
                assertThat(new String(a.getResponseBodyContent())).contains("\"code\":\"HOLD_LIMIT_REACHED\"");
            });
            long fan = ownerOf(token).userId();
            assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE held_by = " + fan)).isEqualTo(4);
            assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE user_id = " + fan))
                    .isEqualTo(4);
        }
    }

    @Test
    void anInstanceWhoseClockRunsAMinuteAheadNeitherHandsOutNorSweepsAnotherFansLiveHold() {
        CreatedConcert concert = newConcert();
        String holder = admittedToken(concert.concertId());
        String rival = admittedToken(concert.concertId());
        try (ConfigurableApplicationContext ahead = secondInstance(Duration.ofSeconds(60))) {
            WebTestClient aheadClient = clientFor(portOf(ahead));
            Instant aheadNow = ahead.getBean(Clock.class).instant();
            assertThat(Duration.between(Instant.now(), aheadNow).abs())
                    .as("the instance runs on PostgreSQL's clock, not its own").isLessThan(Duration.ofSeconds(2));

            Map<?, ?> held = hold(client, holder, concert.firstScheduleId(), "9")
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            long reservationId = ((Number) held.get("reservationId")).longValue();

            problem(hold(aheadClient, rival, concert.firstScheduleId(), "9"), 409, "SEAT_UNAVAILABLE");
            sleep(1_000); // five sweeps of the instance that runs ahead
            assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'HELD' AND held_by = "
                    + ownerOf(holder).userId() + " AND reservation_id = " + reservationId)).isEqualTo(1);
            holder(aheadClient, holder).get().uri("/api/v1/reservations/{id}", reservationId).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("HELD");
            holder(aheadClient, holder).delete().uri("/api/v1/reservations/{id}", reservationId).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        }
    }

    @Test
    void aFanWhoseHoldRanOutUnpaidIsRefusedThatSeatForTheCoolDownWhileAnotherFanMayTakeIt() {
        CreatedConcert concert = newConcert();
        String fan = admittedToken(concert.concertId());
        String other = admittedToken(concert.concertId());
        long fanId = ownerOf(fan).userId();
        long reservationId = ((Number) hold(client, fan, concert.firstScheduleId(), "12").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();
        // the hold ran out a minute ago (as if it had been taken six minutes ago)
        database.queryForLong("WITH s AS (UPDATE concert.seats SET hold_expires_at = now() - interval '1 minute'"
                + " WHERE reservation_id = " + reservationId + " RETURNING 1), r AS (UPDATE concert.reservations"
                + " SET expires_at = now() - interval '1 minute' WHERE id = " + reservationId
                + " RETURNING 1) SELECT (SELECT count(*) FROM s) + (SELECT count(*) FROM r)");

        problem(hold(client, fan, concert.firstScheduleId(), "12"), 409, "SEAT_UNAVAILABLE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("ran out unpaid"));
        hold(client, fan, concert.firstScheduleId(), "13").expectStatus().isCreated();
        hold(client, other, concert.firstScheduleId(), "12").expectStatus().isCreated();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE user_id = " + fanId
                + " AND seat_number = 12 AND status = 'EXPIRED'")).isEqualTo(1);
    }

    @Test
    void operatorsSetAConcertsOwnLimitsAndTheNextHoldObeysThem() {
        CreatedConcert concert = newConcert();
        client.put().uri("/api/v1/admin/concerts/{id}/fan-limits", concert.concertId())
                .header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"holdsPerFan\": 1, \"ticketsPerFan\": 2}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concertId").isEqualTo(concert.concertId())
                .jsonPath("$.holdsPerFan").isEqualTo(1)
                .jsonPath("$.ticketsPerFan").isEqualTo(2);
        client.get().uri("/api/v1/admin/concerts/{id}/fan-limits", concert.concertId())
                .header("Admin-Key", ADMIN_KEY)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.holdsPerFan").isEqualTo(1);
        String token = admittedToken(concert.concertId());

        hold(client, token, concert.firstScheduleId(), "1").expectStatus().isCreated();
        problem(hold(client, token, concert.firstScheduleId(), "2"), 409, "HOLD_LIMIT_REACHED");

        problem(client.put().uri("/api/v1/admin/concerts/{id}/fan-limits", concert.concertId())
                .header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"holdsPerFan\": 0}").exchange(), 400, "INVALID_REQUEST");
        problem(client.put().uri("/api/v1/admin/concerts/{id}/fan-limits", 999_999)
                .header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"holdsPerFan\": 2}").exchange(), 404, "CONCERT_NOT_FOUND");
    }
}
