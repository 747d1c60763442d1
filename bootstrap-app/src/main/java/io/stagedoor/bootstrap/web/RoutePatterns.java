package io.stagedoor.bootstrap.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The path patterns of a plain route group (routes of methods and paths only), read with Spring's visitors. Anything
 * it cannot read exactly (nesting, resources, other predicates) is refused at start-up rather than guessed at.
 */
final class RoutePatterns implements RouterFunctions.Visitor {

    private final List<String> patterns = new ArrayList<>();

    static List<String> of(RouterFunction<?> group) {
        RoutePatterns reader = new RoutePatterns();
        group.accept(reader);
        return List.copyOf(reader.patterns);
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
        PredicateParts parts = PredicateParts.of(predicate);
        if (!parts.onlyMethodsAndPaths() || parts.paths().size() != 1) {
            throw unreadable(predicate.toString());
        }
        patterns.add(parts.paths().get(0));
    }

    @Override
    public void startNested(RequestPredicate predicate) {
        throw unreadable("nested " + predicate);
    }

    @Override
    public void endNested(RequestPredicate predicate) {
    }

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
        throw unreadable("resources");
    }

    @Override
    public void attributes(Map<String, Object> attributes) {
        // attributes never decide whether a route matches
    }

    @Override
    public void unknown(RouterFunction<?> routerFunction) {
        throw unreadable(routerFunction.toString());
    }

    private static IllegalStateException unreadable(String route) {
        return new IllegalStateException("Cannot read the path of route " + route + "; use plain method and path routes");
    }
}
