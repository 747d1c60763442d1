package io.stagedoor.bootstrap.contract;

import io.stagedoor.bootstrap.web.PredicateParts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The routes a router function serves, as "METHOD /full/path/{variable}" lines, found by walking it with Spring's
 * visitors. Predicates other than a method and a path (or nested path prefixes) are reported as not understood
 * rather than guessed at, and so are router functions that cannot be walked (the 405 fallback route is one).
 */
public final class ServedRoutes implements RouterFunctions.Visitor {

    private final Deque<String> prefixes = new ArrayDeque<>();
    private final Set<String> routes = new TreeSet<>();
    private final List<String> notUnderstood = new ArrayList<>();
    private final List<String> opaque = new ArrayList<>();

    public static ServedRoutes of(RouterFunction<?> router) {
        ServedRoutes served = new ServedRoutes();
        router.accept(served);
        return served;
    }

    /** "GET /api/v1/users/{userId}/balance" and so on, sorted. */
    public Set<String> routes() {
        return routes;
    }

    /** Routes whose predicate is more than a method and a path. */
    public List<String> notUnderstood() {
        return notUnderstood;
    }

    /** Router functions that do not reveal their routes (e.g. the 405 fallback), by class name. */
    public List<String> opaque() {
        return opaque;
    }

    @Override
    public void startNested(RequestPredicate predicate) {
        PredicateParts parts = PredicateParts.of(predicate);
        if (!parts.methods().isEmpty() || parts.paths().size() != 1 || !parts.onlyMethodsAndPaths()) {
            notUnderstood.add("nested " + predicate);
            prefixes.push(currentPrefix());
            return;
        }
        prefixes.push(currentPrefix() + parts.paths().get(0));
    }

    @Override
    public void endNested(RequestPredicate predicate) {
        prefixes.pop();
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
        PredicateParts parts = PredicateParts.of(predicate);
        if (!parts.onlyMethodsAndPaths() || parts.methods().isEmpty() || parts.paths().size() != 1) {
            notUnderstood.add(currentPrefix() + " " + predicate);
            return;
        }
        for (HttpMethod method : parts.methods()) {
            routes.add(method.name() + " " + currentPrefix() + parts.paths().get(0));
        }
    }

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
        opaque.add("resources " + lookupFunction);
    }

    @Override
    public void attributes(Map<String, Object> attributes) {
        // route attributes change nothing about which routes exist
    }

    @Override
    public void unknown(RouterFunction<?> routerFunction) {
        opaque.add(routerFunction.getClass().getName());
    }

    private String currentPrefix() {
        return prefixes.isEmpty() ? "" : prefixes.peek();
    }
}
