package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Flows 1 and 2, the admission gate's codes, and the operator API, through HTTP on the running app. */
@Import(QueueHttpSupport.QueueProbes.class)
class QueueHttpTest extends QueueHttpSupport {

    @Autowired
    private ExpireTokenUseCase expireToken;

    @DynamicPropertySource
    static void fastTicks(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
    }

    @Test
    void joiningAnswers201WithANewTokenThen200WithTheSameTokenAndPlace() {
        tune(11, "{\"paused\": true}");
        SignedIn first = newUser();
        SignedIn second = newUser();
        joined(first, 11);

        Map<?, ?> created = join(client, second, 11).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> again = join(client, second, 11).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(created.keySet().stream().map(Object::toString).toList()).containsExactlyInAnyOrder("token", "userId", "concertId", "status", "position",
                "ahead", "estimatedWaitSeconds", "pollAfterMillis", "activeUntil", "paused");
        assertThat(created.get("status")).isEqualTo("WAITING");
        assertThat(created.get("position")).isEqualTo(2);
        assertThat(created.get("ahead")).isEqualTo(1);
        assertThat(created.get("activeUntil")).isNull();
        assertThat(((Number) created.get("pollAfterMillis")).longValue()).isBetween(1000L, 30000L);
        assertThat(again.get("token")).isEqualTo(created.get("token"));
        assertThat(again.get("position")).isEqualTo(2);
        assertThat(status(client, (String) created.get("token")).get("position")).isEqualTo(2);
        assertThat(redis.template().opsForZSet().size("queue:{11}:waiting").block()).isEqualTo(2);
    }

    @Test
    void badJoinsAre400AnotherUser403AndUnknownConcerts404() {
        SignedIn user = newUser();
        WebTestClient asUser = as(user);
        problem(asUser.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON).exchange(),
                400, "INVALID_REQUEST");
        problem(asUser.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userId\": " + user.userId() + "}").exchange(), 400, "INVALID_REQUEST");
        problem(asUser.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"concertId\": 0}").exchange(), 400, "INVALID_REQUEST");
        problem(asUser.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userId\": \"x\", \"concertId\": 1}").exchange(), 400, "INVALID_REQUEST");
        problem(asUser.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userId\": " + (user.userId() + 1) + ", \"concertId\": 1}").exchange(), 403, "FORBIDDEN");
        problem(client.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"concertId\": 1}").exchange(), 401, "UNAUTHENTICATED");
        problem(join(client, user, 5000), 404, "CONCERT_NOT_FOUND");
        asUser.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userId\": " + user.userId() + ", \"concertId\": 1}").exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.userId").isEqualTo(user.userId());
        problem(client.get().uri("/api/v1/queue/status").exchange(), 401, "QUEUE_TOKEN_MISSING");
        problem(client.get().uri("/api/v1/queue/status").header("Queue-Token", "nonsense").exchange(), 401,
                "QUEUE_TOKEN_INVALID");
        problem(client.get().uri("/api/v1/queue/status").header("Queue-Token", "1.1.AAAAAAAAAAAAAAAAAAAAAA").exchange(),
                401, "QUEUE_TOKEN_INVALID");
    }

    @Test
    void theGateAnswersEachCodeAndHandsAdmittedRequestsTheUserConcertAndToken() {
        tune(12, "{\"paused\": true}");
        SignedIn user = newUser();
        String token = (String) joined(user, 12).get("token");
        WebTestClient asUser = as(user);

        problem(asUser.get().uri("/api/v1/queue-probe").exchange(), 401, "QUEUE_TOKEN_MISSING");
        problem(asUser.get().uri("/api/v1/queue-probe").header("Queue-Token", "nonsense").exchange(), 401,
                "QUEUE_TOKEN_INVALID");
        problem(gated(client, user, "/api/v1/queue-probe", token), 403, "QUEUE_NOT_ADMITTED")
                .jsonPath("$.position").isEqualTo(1);
        problem(client.get().uri("/api/v1/queue-probe").header("Queue-Token", token).exchange(), 401, "UNAUTHENTICATED");

        tune(12, "{\"paused\": false}");
        awaitActive(token, Duration.ofSeconds(10));

        gated(client, user, "/api/v1/queue-probe/concerts/12", token)
                .expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(user.userId())
                .jsonPath("$.concertId").isEqualTo(12)
                .jsonPath("$.token").isEqualTo(token);
        problem(gated(client, user, "/api/v1/queue-probe/concerts/13", token), 403, "QUEUE_WRONG_CONCERT");
        problem(gated(client, newUser(), "/api/v1/queue-probe/concerts/12", token), 403, "FORBIDDEN");
        Map<?, ?> active = status(client, token);
        assertThat(active.get("status")).isEqualTo("ACTIVE");
        assertThat(active.get("position")).isEqualTo(0);
        assertThat(active.get("activeUntil")).isNotNull();

        expireToken.expire(token).block();
        problem(gated(client, user, "/api/v1/queue-probe/concerts/12", token), 401, "QUEUE_TOKEN_INVALID");
        problem(client.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange(), 401,
                "QUEUE_TOKEN_INVALID");
    }

    @Test
    void theEventStreamSendsTheStatusOnChangeAndEndsAfterActive() {
        tune(14, "{\"paused\": true}");
        String token = (String) joined(newUser(), 14).get("token");

        var events = client.get().uri("/api/v1/queue/events").header("Queue-Token", token).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .getResponseBody()
                .filter(event -> "status".equals(event.event()));
        var resume = reactor.core.publisher.Mono.delay(Duration.ofMillis(500))
                .doOnNext(i -> tune(14, "{\"paused\": false}")).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
        resume.subscribe();
        List<ServerSentEvent<Map<String, Object>>> received = events.collectList().block(Duration.ofSeconds(20));

        assertThat(received.get(0).data().get("status")).isEqualTo("WAITING");
        assertThat(received.get(received.size() - 1).data().get("status")).isEqualTo("ACTIVE");
        problem(client.get().uri("/api/v1/queue/events").header("Queue-Token", "nonsense").exchange(), 401,
                "QUEUE_TOKEN_INVALID");
        problem(client.get().uri("/api/v1/queue/events?token={t}", token).exchange(), 401, "QUEUE_TOKEN_MISSING");
    }

    @Test
    void aPausedRoomSaysSoWithAnUnknownWaitAndTheLongestPollHint() {
        tune(67, "{\"paused\": false, \"activeCapacity\": 1}");
        joined(newUser(), 67);
        String token = (String) joined(newUser(), 67).get("token");
        pause(500);
        Map<?, ?> open = status(client, token);
        assertThat(open.get("paused")).isEqualTo(false);
        assertThat(open.get("estimatedWaitSeconds")).isNotNull();
        long openHint = ((Number) open.get("pollAfterMillis")).longValue();

        tune(67, "{\"paused\": true}");
        pause(500); // the next picture of the room carries the setting

        Map<?, ?> paused = status(client, token);
        assertThat(paused.get("status")).isEqualTo("WAITING");
        assertThat(paused.get("paused")).isEqualTo(true);
        assertThat(paused.containsKey("estimatedWaitSeconds")).isTrue();
        assertThat(paused.get("estimatedWaitSeconds")).as("unknown, not 0").isNull();
        assertThat(((Number) paused.get("pollAfterMillis")).longValue()).as("the longest hint")
                .isEqualTo(30_000L).isGreaterThan(openHint);
    }

    @Test
    void operatorsReadAndTuneARoom() {
        tune(15, "{\"paused\": true}");
        joined(newUser(), 15);

        client.get().uri("/api/v1/admin/queues/15").exchange().expectStatus().isForbidden();
        client.put().uri("/api/v1/admin/queues/15").header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"activeCapacity\": 7, \"admissionsPerMinute\": 70, \"sessionSeconds\": 120}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.activeCapacity").isEqualTo(7).jsonPath("$.admissionsPerMinute").isEqualTo(70)
                .jsonPath("$.sessionSeconds").isEqualTo(120).jsonPath("$.paused").isEqualTo(true);
        Map<?, ?> room = client.get().uri("/api/v1/admin/queues/15").header("Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(room.keySet().stream().map(Object::toString).toList()).containsExactlyInAnyOrder("concertId", "waiting", "active", "activeCapacity",
                "admissionsPerMinute", "sessionSeconds", "paused", "admittedLastMinute");
        assertThat(room.get("waiting")).isEqualTo(1);
        assertThat(room.get("active")).isEqualTo(0);

        for (String bad : List.of("{}", "{\"activeCapacity\": 0}", "{\"sessionSeconds\": 5}", "{\"paused\": \"maybe\"}")) {
            problem(client.put().uri("/api/v1/admin/queues/15").header("Admin-Key", ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange(), 400, "INVALID_REQUEST");
        }
        problem(client.get().uri("/api/v1/admin/queues/abc").header("Admin-Key", ADMIN_KEY).exchange(), 400,
                "INVALID_REQUEST");
        problem(client.get().uri("/api/v1/admin/queues/5000").header("Admin-Key", ADMIN_KEY).exchange(), 404,
                "CONCERT_NOT_FOUND");
    }

    @Test
    void operatorsListEveryRoomSomebodyIsInWithTheSameFiguresAsTheRoomItself() {
        tune(41, "{\"paused\": true}");
        tune(42, "{\"paused\": true, \"activeCapacity\": 9}");
        tune(43, "{\"paused\": true}");
        joined(newUser(), 41);
        joined(newUser(), 42);
        joined(newUser(), 42);

        client.get().uri("/api/v1/admin/queues").exchange().expectStatus().isForbidden();
        Map<?, ?> body = client.get().uri("/api/v1/admin/queues").header("Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rooms = (List<Map<String, Object>>) body.get("rooms");

        List<Integer> listed = rooms.stream().map(room -> (Integer) room.get("concertId")).toList();
        assertThat(listed).as("rooms with waiters, by concert id; not the empty room 43").containsSubsequence(41, 42)
                .doesNotContain(43).isSorted();
        for (Map<String, Object> listedRoom : rooms) {
            if (List.of(41, 42).contains(listedRoom.get("concertId"))) {
                assertThat(listedRoom).isEqualTo(client.get().uri("/api/v1/admin/queues/{c}", listedRoom.get("concertId"))
                        .header("Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                        .expectBody(Map.class).returnResult().getResponseBody());
            }
        }
        assertThat(rooms).filteredOn(room -> room.get("concertId").equals(42)).singleElement()
                .satisfies(room -> assertThat(room).containsEntry("waiting", 2).containsEntry("activeCapacity", 9)
                        .containsEntry("paused", true));
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }
}
