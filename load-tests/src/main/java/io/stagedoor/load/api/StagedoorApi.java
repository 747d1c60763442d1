package io.stagedoor.load.api;

import io.stagedoor.load.http.HttpResponse;
import io.stagedoor.load.http.Json;
import io.stagedoor.load.http.LoopbackHttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP contract of /work/shared/API.md as the harness drives it. Raw methods return the {@link HttpResponse}
 * (measured passes judge the status themselves); the set-up methods decode the body and fail loudly.
 */
public final class StagedoorApi {

    public static final String QUEUE_TOKEN = "Queue-Token";
    public static final String ADMIN_KEY = "Admin-Key";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final LoopbackHttpClient http;
    private final Map<String, String> adminHeaders;

    public StagedoorApi(LoopbackHttpClient http, String adminKey) {
        this.http = http;
        this.adminHeaders = adminKey == null ? Map.of() : Map.of(ADMIN_KEY, adminKey);
    }

    public LoopbackHttpClient http() {
        return http;
    }

    // ---- raw calls (measured) ----

    public Mono<HttpResponse> createUserRaw(String name) {
        return http.post("/api/v1/users", Map.of(), Json.write(Map.of("name", name)));
    }

    public Mono<HttpResponse> joinRaw(long userId, long concertId) {
        return http.post("/api/v1/queue/tokens", Map.of(), Json.write(Map.of("userId", userId, "concertId", concertId)));
    }

    public Mono<HttpResponse> statusRaw(String token) {
        return http.get("/api/v1/queue/status", Map.of(QUEUE_TOKEN, token));
    }

    public Mono<HttpResponse> schedulesRaw(long concertId, String token) {
        return http.get("/api/v1/concerts/" + concertId + "/schedules", Map.of(QUEUE_TOKEN, token));
    }

    public Mono<HttpResponse> seatsRaw(long concertId, long scheduleId, String token) {
        return http.get("/api/v1/concerts/" + concertId + "/schedules/" + scheduleId + "/seats", Map.of(QUEUE_TOKEN, token));
    }

    public Mono<HttpResponse> holdRaw(String token, long scheduleId, int seatNumber) {
        return http.post("/api/v1/reservations", Map.of(QUEUE_TOKEN, token),
                Json.write(Map.of("scheduleId", scheduleId, "seatNumber", seatNumber)));
    }

    public Mono<HttpResponse> payRaw(String token, long reservationId, String idempotencyKey) {
        Map<String, String> headers = idempotencyKey == null ? Map.of(QUEUE_TOKEN, token)
                : Map.of(QUEUE_TOKEN, token, IDEMPOTENCY_KEY, idempotencyKey);
        return http.post("/api/v1/payments", headers, Json.write(Map.of("reservationId", reservationId)));
    }

    public Mono<HttpResponse> chargeRaw(long userId, long amount) {
        return http.post("/api/v1/users/" + userId + "/balance/charges", Map.of(), Json.write(Map.of("amount", amount)));
    }

    // ---- decoded calls (set-up) ----

    public Mono<Long> createUser(String name) {
        return createUserRaw(name).map(r -> expect(r, 201, "POST /users").path("userId").asLong());
    }

    public Mono<Long> charge(long userId, long amount) {
        return chargeRaw(userId, amount).map(r -> expect(r, 200, "POST /users/" + userId + "/balance/charges").path("balance").asLong());
    }

    public Mono<QueueTicket> join(long userId, long concertId) {
        return joinRaw(userId, concertId).map(r -> {
            if (r.status() != 201 && r.status() != 200) {
                throw new ApiException("POST /queue/tokens", r.status(), r.text());
            }
            return QueueTicket.from(r.json());
        });
    }

    public Mono<QueueTicket> status(String token) {
        return statusRaw(token).map(r -> QueueTicket.from(expect(r, 200, "GET /queue/status")));
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
