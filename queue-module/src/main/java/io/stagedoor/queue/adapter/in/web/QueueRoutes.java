package io.stagedoor.queue.adapter.in.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The waiting room's routes, relative to /api/v1. */
public final class QueueRoutes {

    private QueueRoutes() {
    }

    /** Joining: for the signed-in user (the application puts its bearer check in front). */
    public static RouterFunction<ServerResponse> joinRoutes(QueueHandler handler) {
        return RouterFunctions.route()
                .POST("/queue/tokens", handler::join)
                .build();
    }

    /** Status and events: the Queue-Token alone is enough (a secret only its own user was ever given). */
    public static RouterFunction<ServerResponse> tokenRoutes(QueueHandler handler) {
        return RouterFunctions.route()
                .GET("/queue/status", handler::status)
                .GET("/queue/events", handler::events)
                .build();
    }

    /** Operators (behind bootstrap's Admin-Key check). */
    public static RouterFunction<ServerResponse> adminRoutes(RoomAdminHandler handler) {
        return RouterFunctions.route()
                .GET("/admin/queues/{concertId}", handler::get)
                .PUT("/admin/queues/{concertId}", handler::put)
                .build();
    }
}
