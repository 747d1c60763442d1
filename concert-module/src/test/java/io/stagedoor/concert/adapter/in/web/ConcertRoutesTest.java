package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.common.request.AdmissionAttributes;
import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.concert.ConcertModule;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The module's handlers and routes over HTTP against the real database. Stand-ins for what bootstrap-app adds in
 * front (the admission gate, which here takes the admitted user/concert from test headers, and the global
 * problem+json renderer) keep this about parsing, status codes and bodies; the full app is tested in bootstrap-app.
 */
class ConcertRoutesTest {

    private static ConcertTestModule module;
    private static WebTestClient client;
    private long concertId;
    private long scheduleId;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
        // the routes exactly as the module's assembly hands them to the app
        ConcertModule.Routes routes = module.production.routes(ConcertModule.Watch.NONE);
        RouterFunction<ServerResponse> app = routes.publicRoutes()
                .and(routes.gatedRoutes().filter(admittedFromTestHeaders()))
                .and(routes.adminRoutes())
                .filter(problemJson());
        client = WebTestClient.bindToRouterFunction(app).configureClient().baseUrl("/").build();
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @BeforeEach
    void concert() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 130_000);
        concertId = concert.concertId();
        scheduleId = concert.schedules().get(0).scheduleId();
    }

    private static HandlerFilterFunction<ServerResponse, ServerResponse> admittedFromTestHeaders() {
        return (request, next) -> {
            request.attributes().put(AdmissionAttributes.USER_ID,
                    Long.valueOf(request.headers().firstHeader("Test-User")));
            request.attributes().put(AdmissionAttributes.CONCERT_ID,
                    Long.valueOf(request.headers().firstHeader("Test-Concert")));
            return next.handle(request);
        };
    }

    private static HandlerFilterFunction<ServerResponse, ServerResponse> problemJson() {
        return (request, next) -> next.handle(request).onErrorResume(StagedoorProblem.class::isInstance, failure -> {
            StagedoorProblem problem = (StagedoorProblem) failure;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", problem.kind().status());
            body.put("title", problem.title());
            body.put("detail", problem.detail());
            body.put("code", problem.code());
            body.putAll(problem.properties());
            return ServerResponse.status(problem.kind().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyValue(body);
        }).onErrorResume(ErrorResponse.class::isInstance, failure -> {
            ErrorResponse error = (ErrorResponse) failure;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", error.getBody().getStatus());
            body.put("title", error.getBody().getTitle());
            body.put("detail", error.getBody().getDetail());
            if (error.getBody().getProperties() != null) {
                body.putAll(error.getBody().getProperties());
            }
            return ServerResponse.status(error.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyValue(body);
        });
    }

    private WebTestClient.ResponseSpec holdAs(long userId, String json) {
        return client.post().uri("/reservations")
                .header("Test-User", String.valueOf(userId)).header("Test-Concert", String.valueOf(concertId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange();
    }

    private void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    @Test
    void concertsAreListedWithoutAToken() {
        client.get().uri("/concerts").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concerts[?(@.concertId == " + concertId + ")].title").exists();
    }

    @Test
    void availableSchedulesAndFreeSeatsHaveTheDocumentedShape() {
        client.get().uri("/concerts/{c}/schedules", concertId)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concertId").isEqualTo(concertId)
                .jsonPath("$.schedules[0].scheduleId").isEqualTo(scheduleId)
                .jsonPath("$.schedules[0].startsAt").isNotEmpty()
                .jsonPath("$.schedules[0].availableSeats").isEqualTo(50);
        client.get().uri("/concerts/{c}/schedules/{s}/seats", concertId, scheduleId)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concertId").isEqualTo(concertId)
                .jsonPath("$.scheduleId").isEqualTo(scheduleId)
                .jsonPath("$.seats.length()").isEqualTo(50)
                .jsonPath("$.seats[0].seatNumber").isEqualTo(1)
                .jsonPath("$.seats[0].price").isEqualTo(130_000)
                .jsonPath("$.seats[49].seatNumber").isEqualTo(50);
    }

    @Test
    void seatMapShowsEverySeatAsTheViewerSeesItAndNeverWhoHoldsIt() {
        holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 3}").expectStatus().isCreated();
        holdAs(43, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 4}").expectStatus().isCreated();
        module.database.execute("UPDATE concert.seats SET status = 'SOLD', hold_expires_at = NULL, held_by = 44,"
                + " reservation_id = 999999 WHERE schedule_id = " + scheduleId + " AND seat_number = 5");

        seatMapAs(42).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concertId").isEqualTo(concertId)
                .jsonPath("$.scheduleId").isEqualTo(scheduleId)
                .jsonPath("$.seats.length()").isEqualTo(50)
                .jsonPath("$.seats[0].seatNumber").isEqualTo(1)
                .jsonPath("$.seats[0].price").isEqualTo(130_000)
                .jsonPath("$.seats[0].state").isEqualTo("FREE")
                .jsonPath("$.seats[2].state").isEqualTo("MINE")
                .jsonPath("$.seats[3].state").isEqualTo("HELD")
                .jsonPath("$.seats[4].state").isEqualTo("SOLD")
                .jsonPath("$.seats[49].seatNumber").isEqualTo(50);
        seatMapAs(43).expectStatus().isOk().expectBody()
                .jsonPath("$.seats[2].state").isEqualTo("HELD")
                .jsonPath("$.seats[3].state").isEqualTo("MINE")
                .jsonPath("$.seats[4].state").isEqualTo("SOLD");
        Map<?, ?> strangerSees = seatMapAs(45).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(strangerSees.keySet().stream().map(String::valueOf).toList()).containsExactlyInAnyOrder("concertId", "scheduleId", "seats");
        assertThat((java.util.List<?>) strangerSees.get("seats")).as("a seat never names its holder or buyer")
                .allSatisfy(seat -> assertThat(((Map<?, ?>) seat).keySet().stream().map(String::valueOf).toList())
                        .containsExactlyInAnyOrder("seatNumber", "price", "state"));
    }

    @Test
    void aHoldThatRanOutIsFreeOnTheSeatMapBeforeAnySweep() {
        holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 6}").expectStatus().isCreated();
        module.clock.advance(Duration.ofMinutes(5));

        seatMapAs(42).expectStatus().isOk().expectBody().jsonPath("$.seats[5].state").isEqualTo("FREE");
        seatMapAs(43).expectStatus().isOk().expectBody().jsonPath("$.seats[5].state").isEqualTo("FREE");
        assertThat(module.seatStatus(scheduleId, 6)).as("not swept, only judged").isEqualTo("HELD");
    }

    @Test
    void seatMapOfAMissingScheduleIsNotFound() {
        expectProblem(client.get().uri("/concerts/{c}/schedules/987654321/seat-map", concertId)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId)).exchange(),
                404, "SCHEDULE_NOT_FOUND");
        long otherSchedule = module.concertWithOneSchedule(10, 1).schedules().get(0).scheduleId();
        expectProblem(client.get().uri("/concerts/{c}/schedules/{s}/seat-map", concertId, otherSchedule)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId)).exchange(),
                404, "SCHEDULE_NOT_FOUND");
    }

    private WebTestClient.ResponseSpec seatMapAs(long userId) {
        return client.get().uri("/concerts/{c}/schedules/{s}/seat-map", concertId, scheduleId)
                .header("Test-User", String.valueOf(userId)).header("Test-Concert", String.valueOf(concertId))
                .exchange();
    }

    @Test
    void badScheduleIdsAreRefused() {
        for (String bad : new String[] {"abc", "0", "-3", "1.5", "99999999999999999999"}) {
            client.get().uri("/concerts/{c}/schedules/" + bad + "/seats", concertId)
                    .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").isEqualTo("scheduleId must be a positive integer");
        }
        expectProblem(client.get().uri("/concerts/{c}/schedules/987654321/seats", concertId)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId)).exchange(),
                404, "SCHEDULE_NOT_FOUND");
    }

    @Test
    void holdAnswers201WithTheReservationAndItsLocation() {
        holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 7}")
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).matches(".*/reservations/\\d+"))
                .expectBody()
                .jsonPath("$.reservationId").isNumber()
                .jsonPath("$.userId").isEqualTo(42)
                .jsonPath("$.concertId").isEqualTo(concertId)
                .jsonPath("$.scheduleId").isEqualTo(scheduleId)
                .jsonPath("$.seatNumber").isEqualTo(7)
                .jsonPath("$.price").isEqualTo(130_000)
                .jsonPath("$.status").isEqualTo("HELD")
                .jsonPath("$.expiresAt").isEqualTo(module.now().plus(Duration.ofMinutes(5)).toString());
        expectProblem(holdAs(43, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 7}"), 409, "SEAT_UNAVAILABLE");
    }

    @Test
    void seatNumbersOutsideTheScheduleAreNotFoundAndMalformedOnesAreBadRequests() {
        expectProblem(holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 0}"), 404, "SEAT_NOT_FOUND");
        expectProblem(holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 51}"), 404, "SEAT_NOT_FOUND");
        for (String bad : new String[] {"-1", "\"7\"", "\"seven\"", "7.5", "true", "99999999999", "null"}) {
            holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": " + bad + "}")
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("seatNumber"));
        }
        holdAs(42, "{\"seatNumber\": 7}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("scheduleId"));
        holdAs(42, "{\"scheduleId\": 0, \"seatNumber\": 7}").expectStatus().isBadRequest();
        holdAs(42, "").expectStatus().isBadRequest();
        holdAs(42, "{\"scheduleId\": ").expectStatus().isBadRequest();
        holdAs(42, "[1, 2]").expectStatus().isBadRequest();
        assertThat(module.count("SELECT count(*) FROM concert.reservations WHERE schedule_id = " + scheduleId)).isZero();
    }

    @Test
    void scheduleOfAnotherConcertIsForbidden() {
        long otherSchedule = module.concertWithOneSchedule(50, 1).schedules().get(0).scheduleId();

        expectProblem(holdAs(42, "{\"scheduleId\": " + otherSchedule + ", \"seatNumber\": 1}"), 403,
                "QUEUE_WRONG_CONCERT");
        expectProblem(holdAs(42, "{\"scheduleId\": 987654321, \"seatNumber\": 1}"), 404, "SCHEDULE_NOT_FOUND");
    }

    @Test
    void ownerReadsAndCancelsTheReservationAndTheSeatIsFreeAgain() {
        Number id = (Number) holdAs(42, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 9}")
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId");

        client.get().uri("/reservations/{id}", id)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("HELD");
        expectProblem(client.get().uri("/reservations/{id}", id)
                .header("Test-User", "43").header("Test-Concert", String.valueOf(concertId))
                .exchange(), 404, "RESERVATION_NOT_FOUND");
        expectProblem(client.delete().uri("/reservations/{id}", id)
                .header("Test-User", "43").header("Test-Concert", String.valueOf(concertId))
                .exchange(), 404, "RESERVATION_NOT_FOUND");
        client.get().uri("/reservations/abc")
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId))
                .exchange().expectStatus().isBadRequest();

        client.delete().uri("/reservations/{id}", id)
                .header("Test-User", "42").header("Test-Concert", String.valueOf(concertId))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");

        assertThat(module.seatStatus(scheduleId, 9)).isEqualTo("AVAILABLE");
        holdAs(43, "{\"scheduleId\": " + scheduleId + ", \"seatNumber\": 9}").expectStatus().isCreated();
    }

    @Test
    void operatorCreatesAConcertAndGetsTheIds() {
        Map<?, ?> created = client.post().uri("/admin/concerts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"Neon Riot\", \"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\","
                        + " \"seats\": 20, \"price\": 99000}, {\"startsAt\": \"2030-01-02T10:00:00Z\", \"price\": 77000}]}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(created.get("concertId")).isInstanceOf(Number.class);
        assertThat(created.get("title")).isEqualTo("Neon Riot");
        java.util.List<?> schedules = (java.util.List<?>) created.get("schedules");
        assertThat(schedules).hasSize(2);
        long second = ((Number) ((Map<?, ?>) schedules.get(1)).get("scheduleId")).longValue();
        assertThat(((Map<?, ?>) schedules.get(1)).get("seats")).isEqualTo(50);
        assertThat(module.count("SELECT count(*) FROM concert.seats WHERE schedule_id = " + second)).isEqualTo(50);
    }

    @Test
    void operatorInputIsValidatedFieldByField() {
        String[][] cases = {
                {"{\"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\", \"price\": 1}]}", "title"},
                {"{\"title\": \"x\"}", "schedules"},
                {"{\"title\": \"x\", \"schedules\": []}", "schedules"},
                {"{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"soon\", \"price\": 1}]}", "schedules[0].startsAt"},
                {"{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\"}]}", "schedules[0].price"},
                {"{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\", \"price\": 0}]}",
                        "schedules[0].price"},
                {"{\"title\": \"x\", \"schedules\": [{\"startsAt\": \"2030-01-01T10:00:00Z\", \"price\": 1,"
                        + " \"seats\": 1001}]}", "schedules[0].seats"},
        };
        for (String[] bad : cases) {
            client.post().uri("/admin/concerts").contentType(MediaType.APPLICATION_JSON).bodyValue(bad[0])
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(bad[1]));
        }
    }
}
