package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.contract.ServedRoutes;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

/**
 * Nobody acts for anyone else, on any route. The test walks the route table the app really serves: every route is
 * either open to anyone, authorised by the Queue-Token alone (status and events, by contract), an operator route, or
 * acts for the signed-in user, and each of the last has a recipe here that tries user A acting for user B (refused with
 * 403 FORBIDDEN, nothing changed) and A acting for A (served). A route added without a recipe fails the walk.
 */
class OwnershipHttpTest extends StagedoorAppTest {

    private static final String BASE = "/api/v1";
    /** Open to anyone: they act for nobody. */
    private static final Set<String> OPEN = Set.of("GET /api/v1/concerts", "POST /api/v1/users",
            "POST /api/v1/auth/tokens", "GET /api/v1/auth/jwks");
    /** The Queue-Token alone is enough (a secret only its own user was given): the status poll and its stream. */
    private static final Set<String> QUEUE_TOKEN_ALONE = Set.of("GET /api/v1/queue/status", "GET /api/v1/queue/events");
    private static final String ADMIN_PREFIX = "/api/v1/admin/";

    @Autowired
    private RouterFunctionMapping routerFunctionMapping;

    /** Two signed-in fans, both admitted to one concert, each holding seats of its schedule. */
    private record World(SignedIn a, SignedIn b, long concertId, long scheduleId, String tokenOfA, String tokenOfB,
                         long heldByB, long heldByA, long cancellableByA) {
    }

    /**
     * How to call one route as A for B (must be 403 FORBIDDEN) and as A for A (must answer {@code served}); the
     * recipes run in their order, and the payment comes last because it ends A's admission.
     */
    private record Recipe(Function<World, WebTestClient.RequestHeadersSpec<?>> aForB,
                          Function<World, WebTestClient.RequestHeadersSpec<?>> aForA, int served) {
    }

    private final Map<String, Recipe> recipes = new LinkedHashMap<>();
    private World world;

    @DynamicPropertySource
    static void quickAdmission(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.1S");
        registry.add("stagedoor.queue.redis-timeout", () -> "PT5S");
    }

    @BeforeEach
    void recipes() {
        recipes.put("GET /api/v1/users/{userId}/balance", new Recipe(
                w -> as(w.a()).get().uri("/api/v1/users/{id}/balance", w.b().userId()),
                w -> as(w.a()).get().uri("/api/v1/users/{id}/balance", w.a().userId()), 200));
        recipes.put("POST /api/v1/users/{userId}/balance/charges", new Recipe(
                w -> as(w.a()).post().uri("/api/v1/users/{id}/balance/charges", w.b().userId())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 1000}"),
                w -> as(w.a()).post().uri("/api/v1/users/{id}/balance/charges", w.a().userId())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 1000}"), 200));
        recipes.put("GET /api/v1/users/{userId}/balance/history", new Recipe(
                w -> as(w.a()).get().uri("/api/v1/users/{id}/balance/history", w.b().userId()),
                w -> as(w.a()).get().uri("/api/v1/users/{id}/balance/history", w.a().userId()), 200));
        recipes.put("GET /api/v1/users/{userId}/payments", new Recipe(
                w -> as(w.a()).get().uri("/api/v1/users/{id}/payments", w.b().userId()),
                w -> as(w.a()).get().uri("/api/v1/users/{id}/payments", w.a().userId()), 200));
        recipes.put("POST /api/v1/queue/tokens", new Recipe(
                w -> as(w.a()).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("userId", w.b().userId(), "concertId", w.concertId())),
                w -> as(w.a()).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("userId", w.a().userId(), "concertId", w.concertId())), 200));
        recipes.put("GET /api/v1/concerts/{concertId}/schedules", new Recipe(
                w -> gatedAs(w.a(), w.tokenOfB()).get().uri("/api/v1/concerts/{c}/schedules", w.concertId()),
                w -> gatedAs(w.a(), w.tokenOfA()).get().uri("/api/v1/concerts/{c}/schedules", w.concertId()), 200));
        recipes.put("GET /api/v1/concerts/{concertId}/schedules/{scheduleId}/seats", new Recipe(
                w -> gatedAs(w.a(), w.tokenOfB()).get().uri("/api/v1/concerts/{c}/schedules/{s}/seats", w.concertId(), w.scheduleId()),
                w -> gatedAs(w.a(), w.tokenOfA()).get().uri("/api/v1/concerts/{c}/schedules/{s}/seats", w.concertId(), w.scheduleId()),
                200));
        recipes.put("POST /api/v1/reservations", new Recipe(
                w -> gatedAs(w.a(), w.tokenOfB()).post().uri("/api/v1/reservations").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("scheduleId", w.scheduleId(), "seatNumber", 20)),
                w -> gatedAs(w.a(), w.tokenOfA()).post().uri("/api/v1/reservations").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("scheduleId", w.scheduleId(), "seatNumber", 21)), 201));
        recipes.put("GET /api/v1/reservations/{reservationId}", new Recipe(
                w -> gatedAs(w.a(), w.tokenOfB()).get().uri("/api/v1/reservations/{id}", w.heldByB()),
                w -> gatedAs(w.a(), w.tokenOfA()).get().uri("/api/v1/reservations/{id}", w.heldByA()), 200));
        recipes.put("DELETE /api/v1/reservations/{reservationId}", new Recipe(
                w -> gatedAs(w.a(), w.tokenOfB()).delete().uri("/api/v1/reservations/{id}", w.heldByB()),
                w -> gatedAs(w.a(), w.tokenOfA()).delete().uri("/api/v1/reservations/{id}", w.cancellableByA()), 200));
        recipes.put("POST /api/v1/payments", new Recipe(
                w -> gatedAs(w.a(), w.tokenOfB()).post().uri("/api/v1/payments").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("reservationId", w.heldByB())),
                w -> gatedAs(w.a(), w.tokenOfA()).post().uri("/api/v1/payments").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("reservationId", w.heldByA())), 201));
    }

    @Test
    void everyServedRouteIsOpenQueueTokenAloneOperatorsOnlyOrHasAnOwnershipRecipe() {
        ServedRoutes served = ServedRoutes.of(routerFunctionMapping.getRouterFunction());
        Set<String> api = served.routes().stream()
                .filter(route -> route.substring(route.indexOf(' ') + 1).startsWith(BASE + "/"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> uncovered = new TreeSet<>(api);
        uncovered.removeIf(route -> OPEN.contains(route) || QUEUE_TOKEN_ALONE.contains(route)
                || route.substring(route.indexOf(' ') + 1).startsWith(ADMIN_PREFIX) || recipes.containsKey(route));
        assertThat(uncovered).as("served routes that act for a user but have no ownership recipe in this test").isEmpty();
        assertThat(api).as("every recipe is for a served route").containsAll(recipes.keySet());
        assertThat(api).containsAll(OPEN).containsAll(QUEUE_TOKEN_ALONE);

        for (String route : recipes.keySet()) {
            String[] methodAndPath = route.split(" ", 2);
            WebTestClient.ResponseSpec anonymous = client.method(HttpMethod.valueOf(methodAndPath[0]))
                    .uri(methodAndPath[1].replaceAll("\\{[^}]+}", "1"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
            anonymous.expectStatus().value(status -> assertThat(status).as(route + " without a bearer").isEqualTo(401))
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        }
    }

    @Test
    void everyRouteThatActsForAUserRefusesAActingForBAndServesAActingForA() {
        world = world();
        String bBefore = stateOf(world.b());

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Recipe> recipe : recipes.entrySet()) {
            EntityExchangeResult<String> refused = recipe.getValue().aForB().apply(world).exchange()
                    .expectBody(String.class).returnResult();
            if (refused.getStatus().value() != 403 || !refused.getResponseBody().contains("\"code\":\"FORBIDDEN\"")) {
                failures.add(recipe.getKey() + " as A for B: " + refused.getStatus() + " " + refused.getResponseBody());
            }
        }
        assertThat(stateOf(world.b())).as("nothing of B changed").isEqualTo(bBefore);
        client.get().uri("/api/v1/queue/status").header("Queue-Token", world.tokenOfB()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        for (Map.Entry<String, Recipe> recipe : recipes.entrySet()) {
            EntityExchangeResult<String> served = recipe.getValue().aForA().apply(world).exchange()
                    .expectBody(String.class).returnResult();
            if (served.getStatus().value() != recipe.getValue().served()) {
                failures.add(recipe.getKey() + " as A for A: " + served.getStatus() + " " + served.getResponseBody());
            }
        }

        assertThat(failures).isEmpty();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND user_id = "
                + world.a().userId())).as("A paid for A's own hold").isEqualTo(1);
    }

    @Test
    void aLiveQueueTokenComesBackOnlyToItsOwnUser() {
        world = world();

        Map<?, ?> joinedAgainByA = as(world.a()).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", world.concertId())).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();

        assertThat(joinedAgainByA.get("token")).isEqualTo(world.tokenOfA()).isNotEqualTo(world.tokenOfB());
        assertThat(joinedAgainByA.get("userId")).isEqualTo((int) world.a().userId());
    }

    // ---- the world

    private World world() {
        SignedIn a = signUp();
        SignedIn b = signUp();
        for (SignedIn fan : List.of(a, b)) {
            as(fan).post().uri("/api/v1/users/{id}/balance/charges", fan.userId()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"amount\": 1000000}").exchange().expectStatus().isOk();
        }
        Map<?, ?> concert = client.post().uri("/api/v1/admin/concerts").header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"Ownership " + System.nanoTime() + "\", \"schedules\": [{\"startsAt\": \""
                        + Instant.now().plus(Duration.ofDays(7)) + "\", \"price\": 130000}]}")
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        long concertId = ((Number) concert.get("concertId")).longValue();
        long scheduleId = ((Number) ((Map<?, ?>) ((List<?>) concert.get("schedules")).get(0)).get("scheduleId")).longValue();
        client.put().uri("/api/v1/admin/queues/{c}", concertId).header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"activeCapacity\": 1000, \"admissionsPerMinute\": 60000, \"paused\": false}")
                .exchange().expectStatus().isOk();
        String tokenOfA = admitted(a, concertId);
        String tokenOfB = admitted(b, concertId);
        return new World(a, b, concertId, scheduleId, tokenOfA, tokenOfB,
                hold(b, tokenOfB, scheduleId, 1), hold(a, tokenOfA, scheduleId, 2), hold(a, tokenOfA, scheduleId, 3));
    }

    private String admitted(SignedIn fan, long concertId) {
        String token = (String) as(fan).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("token");
        try {
            assertThat(Polling.within(Duration.ofSeconds(20), Duration.ofMillis(100), () -> "ACTIVE".equals(
                    client.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange()
                            .expectBody(Map.class).returnResult().getResponseBody().get("status"))))
                    .as("admitted in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return token;
    }

    private long hold(SignedIn fan, String token, long scheduleId, int seat) {
        return ((Number) gatedAs(fan, token).post().uri("/api/v1/reservations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", seat)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("reservationId"))
                .longValue();
    }

    private WebTestClient gatedAs(SignedIn fan, String queueToken) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, fan.authorization())
                .defaultHeader("Queue-Token", queueToken).build();
    }

    /** Everything of a user that a request acting for it could change, as one comparable string. */
    private String stateOf(SignedIn user) {
        long id = user.userId();
        return "balance=" + database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + id)
                + " ledger=" + database.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = " + id)
                + " held=" + database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND user_id = " + id)
                + " other=" + database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status <> 'HELD' AND user_id = " + id)
                + " payments=" + database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + id);
    }
}
