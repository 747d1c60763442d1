package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RouteTableTest {

    private static final String API = ApiRouterConfiguration.BASE_PATH;
    private static final String ANSWERED_BY = RouteTableTest.class.getName() + ".answeredBy";

    @Test
    void aRequestIsAnsweredByTheFirstGroupInOriginalOrderWhoseRouteMatches() {
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route(GET("/concerts"), handler("first list")),
                RouterFunctions.route()
                        .GET("/concerts", handler("second list"))
                        .GET("/concerts/{concertId}/schedules", handler("second schedules"))
                        .build()));

        assertThat(answer(table, HttpMethod.GET, "/concerts")).contains("first list");
        assertThat(answer(table, HttpMethod.GET, "/concerts/1/schedules")).contains("second schedules");
        assertThat(answer(table, HttpMethod.GET, "/concerts/1/seats")).isEmpty();
    }

    @Test
    void groupsForOtherFirstSegmentsAreNeverAsked() {
        RecordingGroup users = new RecordingGroup(RouterFunctions.route(GET("/users/{userId}"), handler("user")));
        RecordingGroup queue = new RecordingGroup(RouterFunctions.route(GET("/queue/status"), handler("status")));
        RouteTable table = RouteTable.of(List.of(users, queue));

        assertThat(answer(table, HttpMethod.GET, "/queue/status")).contains("status");
        assertThat(answer(table, HttpMethod.GET, "/nowhere")).isEmpty();

        assertThat(users.asked).isZero();
        assertThat(queue.asked).isEqualTo(1);
    }

    @Test
    void aGroupThatHidesItsRoutesIsAskedForEveryPathInItsOriginalPosition() {
        RecordingGroup hidden = new RecordingGroup(request -> request.path().endsWith("/hidden")
                ? Mono.just(handler("hidden")) : Mono.empty());
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route(GET("/queue/hidden"), handler("queue")),
                hidden,
                RouterFunctions.route(GET("/users/hidden"), handler("users"))));

        assertThat(answer(table, HttpMethod.GET, "/queue/hidden")).contains("queue");
        assertThat(answer(table, HttpMethod.GET, "/users/hidden")).contains("hidden");
        assertThat(answer(table, HttpMethod.GET, "/anywhere/hidden")).contains("hidden");
        assertThat(hidden.asked).isEqualTo(2);
    }

    @Test
    void aRouteWithoutAPathMakesItsGroupACandidateForEveryPath() {
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route(GET("/users"), handler("users")),
                RouterFunctions.route()
                        .GET("/queue/status", handler("status"))
                        .route(RequestPredicates.method(HttpMethod.DELETE), handler("any delete"))
                        .build()));

        assertThat(answer(table, HttpMethod.DELETE, "/users")).contains("any delete");
        assertThat(answer(table, HttpMethod.DELETE, "/elsewhere")).contains("any delete");
    }

    @Test
    void aPathThatDoesNotStartWithALiteralMakesItsGroupACandidateForEveryPath() {
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route(GET("/{section}/status"), handler("any status")),
                RouterFunctions.route(GET("/queue/status"), handler("queue status"))));

        assertThat(answer(table, HttpMethod.GET, "/queue/status")).contains("any status");
        assertThat(answer(table, HttpMethod.GET, "/users/status")).contains("any status");
    }

    @Test
    void aFilteredGroupStillRunsItsFilter() {
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route(GET("/payments"), handler("payments"))
                        .filter((request, next) -> ServerResponse.status(HttpStatus.FORBIDDEN).build())));
        ServerRequest request = request(HttpMethod.GET, "/payments");

        StepVerifier.create(table.route(request).flatMap(handler -> handler.handle(request)))
                .assertNext(response -> assertThat(response.statusCode()).isEqualTo(HttpStatus.FORBIDDEN))
                .verifyComplete();
    }

    @Test
    void anAnswerThatMustBeSubscribedToFallsThroughToTheNextCandidateWhenEmpty() {
        RouteTable table = RouteTable.of(List.of(
                filtered(RouterFunctions.route(GET("/reservations"), handler("filtered get"))),
                RouterFunctions.route(POST("/reservations"), handler("post"))));

        assertThat(answer(table, HttpMethod.POST, "/reservations")).contains("post");
        assertThat(answer(table, HttpMethod.GET, "/reservations")).contains("filtered get");
    }

    @Test
    void aGroupThatFailsFailsTheRequestAsAChainedGroupWould() {
        RouteTable table = RouteTable.of(List.of(
                request -> Mono.error(new IllegalStateException("broken group")),
                RouterFunctions.route(GET("/users"), handler("users"))));

        StepVerifier.create(table.route(request(HttpMethod.GET, "/users")))
                .expectErrorMessage("broken group")
                .verify();
    }

    @Test
    void underTheApiPrefixTheFirstSegmentIsTheOneAfterThePrefix() {
        RecordingGroup api = new RecordingGroup(RouterFunctions.route(GET("/api/list"), handler("api list")));
        RecordingGroup queue = new RecordingGroup(RouterFunctions.route(GET("/queue/status"), handler("status")));
        RouterFunction<ServerResponse> router = RouterFunctions.nest(RequestPredicates.path(API), RouteTable.of(List.of(api, queue)));

        assertThat(answer(router, HttpMethod.GET, API + "/queue/status")).contains("status");
        assertThat(api.asked).isZero();
    }

    @Test
    void aKnownPathCalledWithAnotherMethodStillFindsItsRoutesThroughTheTable() {
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route(GET("/users"), handler("users")),
                RouterFunctions.route(GET("/queue/status"), handler("status"))));
        RouterFunction<ServerResponse> router = RouterFunctions.nest(RequestPredicates.path(API),
                table.followedBy(MethodNotAllowedRoute.after(table)));
        ServerRequest post = request(HttpMethod.POST, API + "/queue/status");

        StepVerifier.create(router.route(post).flatMap(handler -> handler.handle(post)))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(MethodNotAllowedException.class,
                                notAllowed -> assertThat(notAllowed.getSupportedMethods()).containsExactly(HttpMethod.GET)))
                .verify();
        assertThat(answer(router, HttpMethod.POST, API + "/nowhere")).isEmpty();
    }

    /** Odd spellings of a path must reach exactly the route the plain and() chain reaches, or none when it finds none. */
    @ParameterizedTest
    @ValueSource(strings = {"/queue/status", "//queue/status", "/queue//status", "/QUEUE/status", "/queue;v=1/status",
            "/%71ueue/status", "/queue/status/", "/queue", "/", "", "/users/7/payments", "/users", "/admin/queues/1",
            "/tickets/3", "/TICKETS/3", "/Tickets/3", "/nowhere/x"})
    void answersExactlyAsTheChainedGroupsDo(String path) {
        PathPatternParser caseInsensitive = new PathPatternParser();
        caseInsensitive.setCaseSensitive(false);
        List<RouterFunction<ServerResponse>> groups = List.of(
                RouterFunctions.route()
                        .POST("/queue/tokens", handler("join"))
                        .GET("/queue/status", handler("status"))
                        .build(),
                RouterFunctions.route()
                        .GET("/users", handler("users"))
                        .GET("/users/{userId}/payments", handler("payments"))
                        .build(),
                RouterFunctions.route(RequestPredicates.pathPredicates(caseInsensitive).apply("/Tickets/{ticketId}"),
                        handler("ticket")),
                filtered(RouterFunctions.route(GET("/admin/queues/{concertId}"), handler("room"))));
        RouterFunction<ServerResponse> chained = RouterFunctions.nest(RequestPredicates.path(API),
                groups.stream().reduce(RouterFunction::and).orElseThrow());
        RouterFunction<ServerResponse> table = RouterFunctions.nest(RequestPredicates.path(API), RouteTable.of(groups));

        assertThat(answer(table, HttpMethod.GET, API + path)).isEqualTo(answer(chained, HttpMethod.GET, API + path));
    }

    @Test
    void visitingTheTableVisitsEveryGroup() {
        RouteTable table = RouteTable.of(List.of(
                RouterFunctions.route()
                        .POST("/queue/tokens", handler("join"))
                        .GET("/queue/status", handler("status"))
                        .build(),
                request -> Mono.empty(),
                filtered(RouterFunctions.route(GET("/admin/queues/{concertId}"), handler("room")))));
        List<String> seen = new ArrayList<>();

        table.accept(new RouterFunctions.Visitor() {
            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
                seen.add(((NamedHandler) handlerFunction).name());
            }

            @Override
            public void unknown(RouterFunction<?> routerFunction) {
                seen.add("unknown");
            }

            @Override
            public void startNested(RequestPredicate predicate) {
            }

            @Override
            public void endNested(RequestPredicate predicate) {
            }

            @Override
            public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
            }

            @Override
            public void attributes(Map<String, Object> attributes) {
            }
        });

        assertThat(seen).containsExactly("join", "status", "unknown", "room");
    }

    @Test
    void aPatternNamesItsFirstSegmentOnlyWhenThatSegmentIsPlainText() {
        assertThat(PathReach.literalFirstSegment("/queue/status")).contains("queue");
        assertThat(PathReach.literalFirstSegment("/admin")).contains("admin");
        assertThat(PathReach.literalFirstSegment("/queue-probe/concerts/{concertId}")).contains("queue-probe");
        assertThat(PathReach.literalFirstSegment("/Tickets/{id}")).contains("tickets");
        for (String pattern : Set.of("/{section}/status", "/**", "/{*rest}", "/queue*", "/q?eue", "/", "", "queue", "//queue")) {
            assertThat(PathReach.literalFirstSegment(pattern)).as(pattern).isEmpty();
        }
    }

    /** The name of the handler that answered (a filter may wrap it, so the handler itself says), if any route matched. */
    private static Optional<String> answer(RouterFunction<ServerResponse> router, HttpMethod method, String path) {
        ServerRequest request = request(method, path);
        return router.route(request)
                .flatMap(handler -> handler.handle(request))
                .map(response -> (String) request.attributes().get(ANSWERED_BY))
                .blockOptional();
    }

    /** Behind a filter that lets everything through, like the gate admitting: an answer known only once subscribed to. */
    private static RouterFunction<ServerResponse> filtered(RouterFunction<ServerResponse> group) {
        return group.filter((request, next) -> next.handle(request));
    }

    private static ServerRequest request(HttpMethod method, String path) {
        // a URI, not a template: the template form would encode the % and ; the odd-path cases are about
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(method, URI.create(path)));
        return ServerRequest.create(exchange, HandlerStrategies.withDefaults().messageReaders());
    }

    private static NamedHandler handler(String name) {
        return new NamedHandler(name);
    }

    /** Leaves its name on the request, so a test can say which route answered. */
    private record NamedHandler(String name) implements HandlerFunction<ServerResponse> {
        @Override
        public Mono<ServerResponse> handle(ServerRequest request) {
            request.attributes().put(ANSWERED_BY, name);
            return ServerResponse.ok().build();
        }
    }

    /** Counts how often the table asks it; shows its routes to visitors like the group it wraps. */
    private static final class RecordingGroup implements RouterFunction<ServerResponse> {

        private final RouterFunction<ServerResponse> group;
        int asked;

        RecordingGroup(RouterFunction<ServerResponse> group) {
            this.group = group;
        }

        @Override
        public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
            asked++;
            return group.route(request);
        }

        @Override
        public void accept(RouterFunctions.Visitor visitor) {
            group.accept(visitor);
        }
    }
}
