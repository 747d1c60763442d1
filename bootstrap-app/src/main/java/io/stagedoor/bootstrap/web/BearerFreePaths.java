package io.stagedoor.bootstrap.web;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The full paths of the {@link QueueTokenRoutes}, which the bearer check skips. A request is skipped only when its raw
 * path is exactly one of them, so an encoded or decorated spelling of the same path simply goes through the check
 * (harmless: these routes need no bearer). Skipping can never open another route: every route that needs a user
 * refuses a request that carries none, whatever the check did.
 */
public record BearerFreePaths(Set<String> paths) {

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
        return new BearerFreePaths(paths);
    }

    public boolean contains(ServerHttpRequest request) {
        return paths.contains(request.getPath().value());
    }
}
