package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of the seed journey through the public HTTP API (docs/api.md), for the payment flow tests. Users are signed
 * up and in through the API; the journey remembers each one's bearer token and each queue token's owner, so every call
 * acts as the user it is made for.
 */
public final class PaymentJourney {

    public static final long PRICE = 130_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient client;
    private final Map<Long, StagedoorAppTest.SignedIn> users = new ConcurrentHashMap<>();
    private final Map<String, Long> tokenOwners = new ConcurrentHashMap<>();

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
            return StagedoorAppTest.withoutRequestId(body);
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

    /** Signs a new user up and in; its id. */
    public long createUser(String name) {
        StagedoorAppTest.SignedIn user = StagedoorAppTest.signUp(client, name);
        users.put(user.userId(), user);
        return user.userId();
    }

    /** The bearer access token of a user this journey created. */
    public String accessTokenOf(long userId) {
        return user(userId).accessToken();
    }

    /** The client acting as a user this journey created. */
    public WebTestClient as(long userId) {
        return StagedoorAppTest.as(client, user(userId));
    }

    private StagedoorAppTest.SignedIn user(long userId) {
        StagedoorAppTest.SignedIn user = users.get(userId);
        assertThat(user).as("user %d was created by this journey", userId).isNotNull();
        return user;
    }

    public void charge(long userId, long amount) {
        Answer charged = send(as(userId).post().uri("/api/v1/users/{id}/balance/charges", userId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", amount)));
        assertThat(charged.status()).as(charged.body()).isEqualTo(200);
    }

    /** Joins as a client would: a 503 is waited out (see {@link #awaitActive}); no test of the journey judges outages by it. */
    public Answer join(long userId, long concertId) {
        Answer joined = waitingOutOutages(() -> send(as(userId).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId))), System.nanoTime() + Duration.ofSeconds(30).toNanos());
        if (joined.status() == 200 || joined.status() == 201) {
            tokenOwners.put(joined.json().get("token").asString(), userId);
        }
        return joined;
    }

    /** GET a route of a user this journey created, as that user. */
    public Answer getAs(long userId, String uri) {
        return send(as(userId).get().uri(uri));
    }

    public Answer status(String token) {
        return send(client.get().uri("/api/v1/queue/status").header("Queue-Token", token));
    }

    /**
     * Polls the token's status as a client would (respecting pollAfterMillis, capped) until it is ACTIVE. A 503 is waited
     * out as a client waits out its Retry-After: the app answers 503 when Redis answers slower than its command timeout,
     * which a CI machine loaded far past its cores causes, and getting admitted is these tests' set-up, not what they judge.
     */
    public Answer awaitActive(String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Answer status = waitingOutOutages(() -> status(token), deadline);
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
        return send(holder(token).post().uri("/api/v1/reservations").header("Queue-Token", token).contentType(MediaType.APPLICATION_JSON)
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
        WebTestClient.RequestBodySpec request = holder(token).post().uri("/api/v1/payments").header("Queue-Token", token)
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return send(body == null ? request : request.bodyValue(body));
    }

    /** GET a gated route with the token, as its owner. */
    public Answer get(String uri, String token) {
        return send(holder(token).get().uri(uri).header("Queue-Token", token));
    }

    /** The client as the owner of a token this journey got (a token it did not get is sent without a bearer). */
    private WebTestClient holder(String token) {
        Long owner = tokenOwners.get(token);
        return owner == null ? client : as(owner);
    }

    /** Repeats a call that answered 503 (an outage answer, always with Retry-After) until it answers otherwise or the deadline passes. */
    private static Answer waitingOutOutages(Supplier<Answer> call, long deadlineNanos) {
        AtomicReference<Answer> answer = new AtomicReference<>();
        try {
            Polling.within(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), Duration.ofMillis(250), () -> {
                answer.set(call.get());
                return answer.get().status() != 503;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return answer.get();
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
