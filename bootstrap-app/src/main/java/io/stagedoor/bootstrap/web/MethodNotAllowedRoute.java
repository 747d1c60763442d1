package io.stagedoor.bootstrap.web;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Functional routes answer an unmatched method with 404; clients deserve 405 and an Allow header. This route runs
 * after all others and asks the real router which other methods the same path would accept.
 */
final class MethodNotAllowedRoute implements RouterFunction<ServerResponse> {

    private static final Set<HttpMethod> CANDIDATES = Set.of(
            HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

    private final RouterFunction<ServerResponse> routes;

    private MethodNotAllowedRoute(RouterFunction<ServerResponse> routes) {
        this.routes = routes;
    }

    static RouterFunction<ServerResponse> after(RouterFunction<ServerResponse> routes) {
        return new MethodNotAllowedRoute(routes);
    }

    @Override
    public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
        return Flux.fromIterable(CANDIDATES)
                .filter(method -> !method.equals(request.method()))
                .filterWhen(method -> routes.route(ServerRequest.from(request).method(method).build()).hasElement())
                .collect(Collectors.toSet())
                .filter(allowed -> !allowed.isEmpty())
                .map(allowed -> ignored -> Mono.error(new MethodNotAllowedException(request.method(), allowed)));
    }
}
