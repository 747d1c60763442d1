package io.stagedoor.bootstrap.web;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The requests the bearer check skips: everything outside the API ({@code apiPrefix}: the probes {@code /livez} and
 * {@code /readyz}, and the management server's actuator, which a cluster's Prometheus may call with a bearer token of
 * its own), and the full paths of the {@link QueueTokenRoutes}. A request is decided by its raw path alone, so an
 * encoded or decorated spelling of an API path may skip the check, and one of a Queue-Token path simply goes through it
 * (harmless: these routes need no bearer). Skipping can never open a route: every route that needs a user refuses a
 * request that carries none, whatever the check did.
 */
public record BearerFreePaths(String apiPrefix, Set<String> paths) {

    public BearerFreePaths {
        paths = Set.copyOf(paths);
    }

    static BearerFreePaths of(String basePath, Iterable<RouterFunction<ServerResponse>> groups) {
        Set<String> paths = new TreeSet<>();
        for (RouterFunction<ServerResponse> group : groups) {
            for (String pattern : RoutePatterns.of(group)) {
                if (!PathReach.isLiteral(pattern)) {
                    throw new IllegalStateException("A Queue-Token route must have a literal path, not " + pattern);
                }
                paths.add(basePath + pattern);
            }
        }
        return new BearerFreePaths(basePath + "/", paths);
    }

    public boolean contains(ServerHttpRequest request) {
        String path = request.getPath().value();
        return !path.startsWith(apiPrefix) || paths.contains(path);
    }
}
