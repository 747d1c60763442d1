package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes that act for the signed-in user: they need a valid bearer token, and a {@code {userId}} in their path must be
 * that user (another user's id is 403 FORBIDDEN). The api router puts that check in front of every bean of this type;
 * handlers read the user from {@link AuthenticationAttributes#USER_ID}.
 */
public record UserRoutes(RouterFunction<ServerResponse> routes) {
}
