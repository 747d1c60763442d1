package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes that the Queue-Token alone authorises (status poll, event stream): a secret only its own user was ever given.
 * They stay outside the bearer check entirely, so the hottest path pays no signature check and no security filter
 * work; their paths must be literal (no variables), because the bypass compares paths as plain strings.
 */
public record QueueTokenRoutes(RouterFunction<ServerResponse> routes) {
}
