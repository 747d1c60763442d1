package io.stagedoor.bootstrap.concert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Flows 3, 4 and 5 through HTTP on the running app with real queue tokens, asserting on the tables as well. */
class ConcertHttpTest extends ConcertHttpSupport {

    // ---- GET /concerts (public) and POST /admin/concerts

    @Test
    void concertsAreListedWithoutAQueueToken() {
        CreatedConcert concert = newConcert();

        client.get().uri("/api/v1/concerts").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concerts[?(@.concertId == " + concert.concertId() + ")].title").isEqualTo(concert.title());
    }

    @Test
    void operatorCreatesAConcertWithSchedulesAndFiftySeatsEach() {
        CreatedConcert concert = newConcert(client,
                "{\"startsAt\": \"2030-01-01T10:00:00Z\", \"seats\": 50, \"price\": 130000}",
                "{\"startsAt\": \"2030-01-02T10:00:00Z\", \"price\": 99000}");

        assertThat(concert.schedules()).hasSize(2)
                .allSatisfy(schedule -> assertThat(schedule.seats()).isEqualTo(50));
        for (CreatedSchedule schedule : concert.schedules()) {
            assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'AVAILABLE'"
                    + " AND schedule_id = " + schedule.scheduleId())).isEqualTo(50);
        }
    }

    @Test
    void creatingAConcertNeedsTheAdminKey() {
        client.post().uri("/api/v1/admin/concerts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\", \"price\": 1}]}")
                .exchange()
                .expectStatus().isForbidden();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"title\": \"x\"}", "{\"title\": \"x\", \"schedules\": []}",
            "{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"tomorrow\", \"price\": 1}]}",
            "{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\", \"price\": \"1\"}]}",
            "{\"title\": ", "[]"})
    void badConcertsAreInvalidRequests(String body) {
        problem(client.post().uri("/api/v1/admin/concerts").header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 400, "INVALID_REQUEST");
    }

    // ---- the gate

    @Test
    void gatedRoutesNeedAnActiveTokenForThatConcert() {
        CreatedConcert concert = newConcert();
        CreatedConcert other = newConcert();
        String tokenForOther = admittedToken(other.concertId());

        WebTestClient signedIn = as(ownerOf(tokenForOther));
        problem(client.get().uri("/api/v1/concerts/{c}/schedules", concert.concertId()).exchange(),
                401, "UNAUTHENTICATED");
        problem(signedIn.get().uri("/api/v1/concerts/{c}/schedules", concert.concertId()).exchange(),
                401, "QUEUE_TOKEN_MISSING");
        problem(signedIn.get().uri("/api/v1/concerts/{c}/schedules", concert.concertId())
                .header("Queue-Token", "nonsense").exchange(), 401, "QUEUE_TOKEN_INVALID");
        problem(holder(tokenForOther).get().uri("/api/v1/concerts/{c}/schedules", concert.concertId()).exchange(), 403, "QUEUE_WRONG_CONCERT");
        problem(hold(client, tokenForOther, concert.firstScheduleId(), "1"), 403, "QUEUE_WRONG_CONCERT");
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE concert_id = "
                + concert.concertId())).isZero();
    }

    @Test
    void readsAndHoldsMayRideOnARecentActiveAnswerButAPaymentAsksRedis() {
        CreatedConcert concert = newConcert();
        SignedIn user = newUser();
        long userId = user.userId();
        as(user).post().uri("/api/v1/users/{id}/balance/charges", userId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 1000000}").exchange().expectStatus().isOk();
        String token = admittedToken(user, concert.concertId());
        Map<?, ?> held = hold(client, token, concert.firstScheduleId(), "1").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody(); // this instance now remembers the ACTIVE answer (gate-cache, 3 s here)
        long reservationId = ((Number) held.get("reservationId")).longValue();

        // another instance ended the session (its holder paid there): Redis forgets it
        redis.template().delete("queue:{" + concert.concertId() + "}:session:" + userId).block();

        holder(token).get().uri("/api/v1/concerts/{c}/schedules", concert.concertId())
                .exchange().expectStatus().isOk();
        hold(client, token, concert.firstScheduleId(), "2").expectStatus().isCreated(); // the database decides holds
        problem(holder(token).post().uri("/api/v1/payments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reservationId", reservationId)).exchange(), 401, "QUEUE_TOKEN_INVALID");
        sleep(3_100);
        problem(holder(token).get().uri("/api/v1/concerts/{c}/schedules", concert.concertId())
                .exchange(), 401, "QUEUE_TOKEN_INVALID");
        problem(hold(client, token, concert.firstScheduleId(), "3"), 401, "QUEUE_TOKEN_INVALID");
    }

    // ---- flows 3 and 4

    @Test
    void admittedFanSeesFutureDatesWithFreeCountsAndTheFreeSeatsOfADate() {
        Instant soon = Instant.now().plus(Duration.ofDays(7));
        Instant later = Instant.now().plus(Duration.ofDays(14));
        CreatedConcert concert = newConcert(client,
                "{\"startsAt\": \"" + later + "\", \"price\": 99000}",
                "{\"startsAt\": \"" + Instant.now().minus(Duration.ofDays(1)) + "\", \"price\": 99000}",
                "{\"startsAt\": \"" + soon + "\", \"price\": 130000}");
        long laterId = concert.schedules().get(0).scheduleId();
        long soonId = concert.schedules().get(2).scheduleId();
        String token = admittedToken(concert.concertId());
        hold(client, token, soonId, "7").expectStatus().isCreated();

        holder(token).get().uri("/api/v1/concerts/{c}/schedules", concert.concertId())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concertId").isEqualTo(concert.concertId())
                .jsonPath("$.schedules.length()").isEqualTo(2)
                .jsonPath("$.schedules[0].scheduleId").isEqualTo(soonId)
                .jsonPath("$.schedules[0].availableSeats").isEqualTo(49)
                .jsonPath("$.schedules[1].scheduleId").isEqualTo(laterId)
                .jsonPath("$.schedules[1].availableSeats").isEqualTo(50);
        holder(token).get().uri("/api/v1/concerts/{c}/schedules/{s}/seats", concert.concertId(), soonId)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concertId").isEqualTo(concert.concertId())
                .jsonPath("$.scheduleId").isEqualTo(soonId)
                .jsonPath("$.seats.length()").isEqualTo(49)
                .jsonPath("$.seats[0].seatNumber").isEqualTo(1)
                .jsonPath("$.seats[0].price").isEqualTo(130000)
                .jsonPath("$.seats[?(@.seatNumber == 7)]").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "1.5"})
    void malformedScheduleIdsAreInvalidRequests(String scheduleId) {
        CreatedConcert concert = newConcert();
        String token = admittedToken(concert.concertId());

        problem(holder(token).get().uri("/api/v1/concerts/" + concert.concertId() + "/schedules/" + scheduleId + "/seats").exchange(), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("scheduleId"));
    }

    @Test
    void seatsOfAnotherConcertsScheduleAreNotFound() {
        CreatedConcert concert = newConcert();
        CreatedConcert other = newConcert();
        String token = admittedToken(concert.concertId());

        problem(holder(token).get().uri("/api/v1/concerts/{c}/schedules/{s}/seats", concert.concertId(),
                other.firstScheduleId()).exchange(), 404, "SCHEDULE_NOT_FOUND");
    }

    // ---- flow 5: holds

    @Test
    void holdAnswers201AndASecondFanGetsSeatUnavailable() {
        CreatedConcert concert = newConcert();
        String first = admittedToken(concert.concertId());
        String second = admittedToken(concert.concertId());

        Map<?, ?> reservation = hold(client, first, concert.firstScheduleId(), "7")
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).matches(".*/api/v1/reservations/\\d+"))
                .expectBody(Map.class).returnResult().getResponseBody();
        problem(hold(client, second, concert.firstScheduleId(), "7"), 409, "SEAT_UNAVAILABLE")
                .jsonPath("$.instance").isEqualTo("/api/v1/reservations");

        assertThat(reservation.get("status")).isEqualTo("HELD");
        assertThat(reservation.get("concertId")).isEqualTo((int) concert.concertId());
        assertThat(reservation.get("seatNumber")).isEqualTo(7);
        assertThat(reservation.get("price")).isEqualTo(130000);
        Instant expiresAt = Instant.parse((String) reservation.get("expiresAt"));
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'HELD' AND schedule_id = "
                + concert.firstScheduleId() + " AND seat_number = 7 AND held_by = " + reservation.get("userId")))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "51"})
    void seatNumbersOutsideTheScheduleAreSeatNotFound(String seatNumber) {
        CreatedConcert concert = newConcert();
        String token = admittedToken(concert.concertId());

        problem(hold(client, token, concert.firstScheduleId(), seatNumber), 404, "SEAT_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "\"7\"", "\"seven\"", "7.5", "true", "null", "99999999999", "[7]"})
    void malformedSeatNumbersAreInvalidRequestsNamingTheField(String seatNumber) {
        CreatedConcert concert = newConcert();
        String token = admittedToken(concert.concertId());

        problem(hold(client, token, concert.firstScheduleId(), seatNumber), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("seatNumber"));
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE concert_id = "
                + concert.concertId())).isZero();
    }

    @Test
    void malformedOrEmptyHoldBodiesAreInvalidRequests() {
        CreatedConcert concert = newConcert();
        String token = admittedToken(concert.concertId());

        for (String body : new String[] {"", "{", "[]", "{\"seatNumber\": 1}", "{\"scheduleId\": \"x\", \"seatNumber\": 1}"}) {
            problem(holder(token).post().uri("/api/v1/reservations")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 400, "INVALID_REQUEST");
        }
    }

    // ---- reservations: read and cancel

    @Test
    void ownerReadsAndCancelsAndTheSeatIsFreeAtOnceWhileOthersGetNotFound() {
        CreatedConcert concert = newConcert();
        String owner = admittedToken(concert.concertId());
        String stranger = admittedToken(concert.concertId());
        long reservationId = ((Number) hold(client, owner, concert.firstScheduleId(), "9")
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();

        holder(owner).get().uri("/api/v1/reservations/{id}", reservationId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.reservationId").isEqualTo(reservationId).jsonPath("$.status").isEqualTo("HELD");
        problem(holder(stranger).get().uri("/api/v1/reservations/{id}", reservationId)
                .exchange(), 404, "RESERVATION_NOT_FOUND");
        problem(holder(stranger).delete().uri("/api/v1/reservations/{id}", reservationId)
                .exchange(), 404, "RESERVATION_NOT_FOUND");
        problem(holder(owner).get().uri("/api/v1/reservations/abc").exchange(),
                400, "INVALID_REQUEST");

        holder(owner).delete().uri("/api/v1/reservations/{id}", reservationId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");

        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'AVAILABLE'"
                + " AND schedule_id = " + concert.firstScheduleId() + " AND seat_number = 9")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CANCELLED'"
                + " AND id = " + reservationId)).isEqualTo(1);
        hold(client, stranger, concert.firstScheduleId(), "9").expectStatus().isCreated();
    }

    // ---- invariant 1 across two app instances

    @Test
    void twoHundredFansOnTwoAppInstancesRaceForOneSeatAndExactlyOneHoldsIt() throws Exception {
        CreatedConcert concert = newConcert();
        List<String> tokens = admittedTokens(concert.concertId(), 200);
        ConfigurableApplicationContext secondInstance = startAnotherInstance(QUEUE_TEST_SETTINGS);
        try {
            WebTestClient second = clientFor(portOf(secondInstance));

            List<Integer> statuses = race(200, i -> hold(i % 2 == 0 ? client : second, tokens.get(i),
                    concert.firstScheduleId(), "7").returnResult(String.class).getStatus().value());

            assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE concert_id = "
                    + concert.concertId())).isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'HELD'"
                    + " AND schedule_id = " + concert.firstScheduleId() + " AND seat_number = 7")).isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'HELD'"
                    + " AND schedule_id = " + concert.firstScheduleId())).isEqualTo(1);
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
            assertThat(statuses).as("every loser is told SEAT_UNAVAILABLE")
                    .filteredOn(status -> status == 409).hasSize(199);
        } finally {
            secondInstance.close();
        }
    }
}
