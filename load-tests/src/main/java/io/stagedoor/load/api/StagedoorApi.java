package io.stagedoor.load.api;

import io.stagedoor.load.http.HttpResponse;
import io.stagedoor.load.http.Json;
import io.stagedoor.load.http.LoopbackHttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP contract (docs/api.md) as the harness drives it. Raw methods return the {@link HttpResponse} (measured
 * passes judge the status themselves); the set-up methods decode the body and fail loudly. Every call that acts for a
 * user carries that user's bearer token ({@link AccessTokens}); a gated call carries the bearer of the queue token's
 * owner, remembered when the harness joined with it.
 */
public final class StagedoorApi {

    public static final String QUEUE_TOKEN = "Queue-Token";
    public static final String ADMIN_KEY = "Admin-Key";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String AUTHORIZATION = "Authorization";
    /** The password of the users the harness signs up through the API. */
    public static final String PASSWORD = "load harness password";

    private final LoopbackHttpClient http;
    private final Map<String, String> adminHeaders;
    private final AccessTokens tokens;
    private final Map<String, Long> queueTokenOwners;

    public StagedoorApi(LoopbackHttpClient http, String adminKey, AccessTokens tokens) {
        this(http, adminKey == null ? Map.of() : Map.of(ADMIN_KEY, adminKey), tokens, new ConcurrentHashMap<>());
    }

    private StagedoorApi(LoopbackHttpClient http, Map<String, String> adminHeaders, AccessTokens tokens,
                         Map<String, Long> queueTokenOwners) {
        this.http = http;
        this.adminHeaders = adminHeaders;
        this.tokens = tokens;
        this.queueTokenOwners = queueTokenOwners;
    }

    /** The same API (same users, same queue tokens' owners) over another HTTP client. */
    public StagedoorApi via(LoopbackHttpClient other) {
        return new StagedoorApi(other, adminHeaders, tokens, queueTokenOwners);
    }

    public LoopbackHttpClient http() {
        return http;
    }

    // ---- raw calls (measured) ----

    /** Sign-up: a password hash on the app's hashing pool, slow on purpose. */
    public Mono<HttpResponse> createUserRaw(String name) {
        return http.post("/api/v1/users", Map.of(), Json.write(Map.of("name", name, "password", PASSWORD)));
    }

    /** Sign-in: one password verification on the app's hashing pool, slow on purpose. */
    public Mono<HttpResponse> signInRaw(long userId) {
        return http.post("/api/v1/auth/tokens", Map.of(), Json.write(Map.of("userId", userId, "password", PASSWORD)));
    }

    public Mono<HttpResponse> joinRaw(long userId, long concertId) {
        return http.post("/api/v1/queue/tokens", bearer(userId), Json.write(Map.of("concertId", concertId)));
    }

    public Mono<HttpResponse> statusRaw(String token) {
        return http.get("/api/v1/queue/status", Map.of(QUEUE_TOKEN, token));
    }

    public Mono<HttpResponse> schedulesRaw(long concertId, String token) {
        return http.get("/api/v1/concerts/" + concertId + "/schedules", gated(token));
    }

    public Mono<HttpResponse> seatsRaw(long concertId, long scheduleId, String token) {
        return http.get("/api/v1/concerts/" + concertId + "/schedules/" + scheduleId + "/seats", gated(token));
    }

    /** Every seat of the schedule with its state (FREE, HELD, SOLD, MINE): what a fan looks at before choosing. */
    public Mono<HttpResponse> seatMapRaw(long concertId, long scheduleId, String token) {
        return http.get("/api/v1/concerts/" + concertId + "/schedules/" + scheduleId + "/seat-map", gated(token));
    }

    public Mono<HttpResponse> holdRaw(String token, long scheduleId, int seatNumber) {
        return http.post("/api/v1/reservations", gated(token),
                Json.write(Map.of("scheduleId", scheduleId, "seatNumber", seatNumber)));
    }

    public Mono<HttpResponse> payRaw(String token, long reservationId, String idempotencyKey) {
        Map<String, String> headers = idempotencyKey == null ? gated(token)
                : Map.of(QUEUE_TOKEN, token, AUTHORIZATION, ownerBearer(token), IDEMPOTENCY_KEY, idempotencyKey);
        return http.post("/api/v1/payments", headers, Json.write(Map.of("reservationId", reservationId)));
    }

    public Mono<HttpResponse> chargeRaw(long userId, long amount) {
        return http.post("/api/v1/users/" + userId + "/balance/charges", bearer(userId), Json.write(Map.of("amount", amount)));
    }

    public Mono<HttpResponse> balanceRaw(long userId) {
        return http.get("/api/v1/users/" + userId + "/balance", bearer(userId));
    }

    // ---- decoded calls (set-up) ----

    public Mono<Long> charge(long userId, long amount) {
        return chargeRaw(userId, amount).map(r -> expect(r, 200, "POST /users/" + userId + "/balance/charges").path("balance").asLong());
    }

    /**
     * Joins as the user; the token is remembered as that user's, so gated calls with it carry the user's bearer. A 503
     * (the waiting room briefly unreachable on a busy machine) is tried again, as a client would after Retry-After.
     */
    public Mono<QueueTicket> join(long userId, long concertId) {
        return Mono.defer(() -> joinRaw(userId, concertId)).map(r -> {
            if (r.status() != 201 && r.status() != 200) {
                throw new ApiException("POST /queue/tokens", r.status(), r.text());
            }
            return remember(QueueTicket.from(r.json()), userId);
        }).retryWhen(SETUP_RETRY);
    }

    public Mono<QueueTicket> status(String token) {
        return Mono.defer(() -> statusRaw(token)).map(r -> QueueTicket.from(expect(r, 200, "GET /queue/status"))).retryWhen(SETUP_RETRY);
    }

    /** Set-up calls answered 503 are tried again: up to 5 times, 1 s apart. */
    private static final reactor.util.retry.Retry SETUP_RETRY = reactor.util.retry.Retry.fixedDelay(5, java.time.Duration.ofSeconds(1))
            .filter(e -> e instanceof ApiException a && a.status() == 503);

    /** Remembers a token the caller got by joining as {@code userId} itself, so gated calls with it carry that user's bearer. */
    public QueueTicket remember(QueueTicket ticket, long userId) {
        queueTokenOwners.put(ticket.token(), userId);
        return ticket;
    }

    /** The user's {@code Authorization} header value (signed once, then reused): call it in set-up to sign ahead. */
    public String authorization(long userId) {
        return tokens.authorization(userId);
    }

    public Mono<List<Long>> listConcerts() {
        return http.get("/api/v1/concerts", Map.of()).map(r -> {
            List<Long> ids = new ArrayList<>();
            expect(r, 200, "GET /concerts").path("concerts").forEach(c -> ids.add(c.path("concertId").asLong()));
            return ids;
        });
    }

    /** POST /admin/concerts with {@code schedules} schedules of {@code seats} seats each. */
    public Mono<CreatedConcert> createConcert(String title, int schedules, int seats, long price, Instant firstStart) {
        ObjectNode body = Json.object();
        body.put("title", title);
        ArrayNode list = body.putArray("schedules");
        for (int i = 0; i < schedules; i++) {
            ObjectNode s = list.addObject();
            s.put("startsAt", firstStart.plusSeconds(3600L * i).toString());
            s.put("seats", seats);
            s.put("price", price);
        }
        return http.post("/api/v1/admin/concerts", adminHeaders, Json.write(body))
                .map(r -> CreatedConcert.from(expect(r, 201, "POST /admin/concerts"), seats, price));
    }

    /** PUT /admin/queues/{concertId}; null settings are left as they are. */
    public Mono<RoomSettings> configureRoom(long concertId, Integer activeCapacity, Integer admissionsPerMinute,
                                            Integer sessionSeconds, Boolean paused) {
        ObjectNode body = Json.object();
        if (activeCapacity != null) {
            body.put("activeCapacity", activeCapacity);
        }
        if (admissionsPerMinute != null) {
            body.put("admissionsPerMinute", admissionsPerMinute);
        }
        if (sessionSeconds != null) {
            body.put("sessionSeconds", sessionSeconds);
        }
        if (paused != null) {
            body.put("paused", paused);
        }
        return http.put("/api/v1/admin/queues/" + concertId, adminHeaders, Json.write(body))
                .map(r -> RoomSettings.from(expect(r, 200, "PUT /admin/queues/" + concertId)));
    }

    public Mono<RoomSettings> room(long concertId) {
        return http.get("/api/v1/admin/queues/" + concertId, adminHeaders)
                .map(r -> RoomSettings.from(expect(r, 200, "GET /admin/queues/" + concertId)));
    }

    private Map<String, String> bearer(long userId) {
        return Map.of(AUTHORIZATION, tokens.authorization(userId));
    }

    private Map<String, String> gated(String queueToken) {
        return Map.of(QUEUE_TOKEN, queueToken, AUTHORIZATION, ownerBearer(queueToken));
    }

    private String ownerBearer(String queueToken) {
        Long owner = queueTokenOwners.get(queueToken);
        if (owner == null) {
            throw new IllegalStateException("a queue token the harness did not get by joining: its owner is unknown");
        }
        return tokens.authorization(owner);
    }

    public static JsonNode expect(HttpResponse response, int status, String what) {
        if (response.status() != status) {
            throw new ApiException(what, response.status(), response.text());
        }
        return response.json();
    }

    /** The ids POST /admin/concerts created; read leniently ("scheduleIds": [..] or "schedules": [{"scheduleId": ..}]). */
    public record CreatedConcert(long concertId, List<Long> scheduleIds, int seatsPerSchedule, long price) {

        static CreatedConcert from(JsonNode json, int seats, long price) {
            List<Long> ids = new ArrayList<>();
            json.path("scheduleIds").forEach(n -> ids.add(n.asLong()));
            json.path("schedules").forEach(n -> ids.add(n.isNumber() ? n.asLong() : n.path("scheduleId").asLong()));
            long concertId = json.has("concertId") ? json.path("concertId").asLong() : json.path("id").asLong();
            if (concertId <= 0 || ids.isEmpty()) {
                throw new IllegalStateException("cannot read ids from POST /admin/concerts answer: " + json);
            }
            return new CreatedConcert(concertId, List.copyOf(ids), seats, price);
        }
    }

    /** GET/PUT /admin/queues/{concertId}. */
    public record RoomSettings(long concertId, long waiting, long active, long activeCapacity, long admissionsPerMinute,
                               long sessionSeconds, boolean paused) {

        static RoomSettings from(JsonNode json) {
            return new RoomSettings(json.path("concertId").asLong(), json.path("waiting").asLong(), json.path("active").asLong(),
                    json.path("activeCapacity").asLong(), json.path("admissionsPerMinute").asLong(),
                    json.path("sessionSeconds").asLong(), json.path("paused").asBoolean());
        }
    }
}
