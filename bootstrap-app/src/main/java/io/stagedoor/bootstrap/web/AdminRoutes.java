package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Operator routes (paths under {@code /admin/}); the api router guards them with the Admin-Key check. */
public record AdminRoutes(RouterFunction<ServerResponse> routes) {
}
