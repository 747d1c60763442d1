package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes that only an ACTIVE queue token may call. The api router puts the queue's admission gate in front of
 * every bean of this type; the gate leaves the admitted user and concert in the request attributes named in
 * {@link AdmissionAttributes}.
 */
public record GatedRoutes(RouterFunction<ServerResponse> routes) {
}
