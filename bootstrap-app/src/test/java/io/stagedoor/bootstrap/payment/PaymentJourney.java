package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The steps of the seed journey through the public HTTP API (API.md), for the payment flow tests. */
public final class PaymentJourney {

    public static final long PRICE = 130_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;

    public PaymentJourney(WebTestClient client) {
        this.client = client;
    }

    /** A response: status and body, both as they came. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The body byte for byte, less the {@code requestId} member a problem carries (each request has its own). */
        public String bodyWithoutRequestId() {
            return body.replaceFirst(",\"requestId\":\"[^\"]*\"", "");
        }
    }

    public record Concert(long concertId, List<Long> scheduleIds) {
        public long firstSchedule() {
            return scheduleIds.get(0);
        }
    }

    public Concert createConcert(String title) {
        String body = """
                {"title": "%s", "schedules": [
                  {"startsAt": "%s", "seats": 50, "price": %d},
                  {"startsAt": "%s", "seats": 50, "price": %d}]}"""
                .formatted(title, Instant.now().plus(Duration.ofDays(30)), PRICE, Instant.now().plus(Duration.ofDays(31)), PRICE);
        Answer created = send(client.post().uri("/api/v1/admin/concerts").header("Admin-Key", StagedoorAppTest.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode json = created.json();
        List<Long> schedules = json.get("schedules").valueStream().map(schedule -> schedule.get("scheduleId").asLong()).toList();
        return new Concert(json.get("concertId").asLong(), schedules);
    }

    public long createUser(String name) {
        Answer created = send(client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("userId").asLong();
    }

    public void charge(long userId, long amount) {
        Answer charged = send(client.post().uri("/api/v1/users/{id}/balance/charges", userId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", amount)));
        assertThat(charged.status()).as(charged.body()).isEqualTo(200);
    }

    public Answer join(long userId, long concertId) {
        return send(client.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", userId, "concertId", concertId)));
    }

    public Answer status(String token) {
        return send(client.get().uri("/api/v1/queue/status").header("Queue-Token", token));
    }

    /** Polls the token's status as a client would (respecting pollAfterMillis, capped) until it is ACTIVE. */
    public Answer awaitActive(String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Answer status = status(token);
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            JsonNode json = status.json();
            if ("ACTIVE".equals(json.get("status").asString())) {
                return status;
            }
            assertThat(System.nanoTime()).as("token admitted within 30 s").isLessThan(deadline);
            sleep(Math.max(20, Math.min(200, json.get("pollAfterMillis").asLong())));
        }
    }

    /** Joins the queue and waits until admitted; returns the ACTIVE token. */
    public String activeToken(long userId, long concertId) {
        Answer joined = join(userId, concertId);
        assertThat(joined.status()).as(joined.body()).isIn(200, 201);
        String token = joined.json().get("token").asString();
        awaitActive(token);
        return token;
    }

    public Answer hold(String token, long scheduleId, int seatNumber) {
        return send(client.post().uri("/api/v1/reservations").header("Queue-Token", token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", seatNumber)));
    }

    public long heldReservation(String token, long scheduleId, int seatNumber) {
        Answer held = hold(token, scheduleId, seatNumber);
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        return held.json().get("reservationId").asLong();
    }

    public Answer pay(String token, long reservationId, String idempotencyKey) {
        return payWithBody(token, "{\"reservationId\": " + reservationId + "}", idempotencyKey);
    }

    public Answer payWithBody(String token, String body, String idempotencyKey) {
        WebTestClient.RequestBodySpec request = client.post().uri("/api/v1/payments").header("Queue-Token", token)
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return send(body == null ? request : request.bodyValue(body));
    }

    public Answer get(String uri, String token) {
        WebTestClient.RequestHeadersSpec<?> request = client.get().uri(uri);
        if (token != null) {
            request = request.header("Queue-Token", token);
        }
        return send(request);
    }

    public static Answer send(WebTestClient.RequestHeadersSpec<?> request) {
        EntityExchangeResult<String> result = request.exchange().expectBody(String.class).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
