package io.stagedoor.queue.adapter.in.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The waiting room's routes, relative to /api/v1. */
public final class QueueRoutes {

    private QueueRoutes() {
    }

    /** Public: join, status, events. */
    public static RouterFunction<ServerResponse> publicRoutes(QueueHandler handler) {
        return RouterFunctions.route()
                .POST("/queue/tokens", handler::join)
                .GET("/queue/status", handler::status)
                .GET("/queue/events", handler::events)
                .build();
    }

    /** Operators (behind bootstrap's Admin-Key check). */
    public static RouterFunction<ServerResponse> adminRoutes(RoomAdminHandler handler) {
        return RouterFunctions.route()
                .GET("/admin/queues", handler::list)
                .GET("/admin/queues/{concertId}", handler::get)
                .PUT("/admin/queues/{concertId}", handler::put)
                .build();
    }
}
