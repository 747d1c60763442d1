package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes anyone may call, with paths relative to {@code /api/v1}. Wrapped in this record (not exposed as a plain
 * RouterFunction bean) so WebFlux serves them only where the api router nests them, never also at the root.
 */
public record PublicRoutes(RouterFunction<ServerResponse> routes) {
}
