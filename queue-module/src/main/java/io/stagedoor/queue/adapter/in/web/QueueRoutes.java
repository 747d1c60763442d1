package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.RoomListQuery;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomUseCase;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import java.time.Duration;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The waiting room's routes, relative to /api/v1, and the admission gate's filters. */
public final class QueueRoutes {

    private final QueueHandler handler;
    private final RoomAdminHandler admin;

    /**
     * The routes over the module's use cases (the handlers stay package-private). At most {@code eventStreamsMax}
     * event streams are open at once over these routes; one more is refused with {@code retryAfter}.
     */
    public QueueRoutes(JoinQueueUseCase join, QueueStatusQuery status, RoomListQuery rooms, RoomOverviewQuery overview,
                       TuneRoomUseCase tune, int eventStreamsMax, Duration retryAfter) {
        this.handler = new QueueHandler(join, status, new EventStreamSlots(eventStreamsMax, retryAfter));
        this.admin = new RoomAdminHandler(rooms, overview, tune);
    }

    /** Joining: for the signed-in user (the application puts its bearer check in front). */
    public RouterFunction<ServerResponse> join() {
        return RouterFunctions.route()
                .POST("/queue/tokens", handler::join)
                .build();
    }

    /** Status and events: the Queue-Token alone is enough (a secret only its own user was ever given). */
    public RouterFunction<ServerResponse> token() {
        return RouterFunctions.route()
                .GET("/queue/status", handler::status)
                .GET("/queue/events", handler::events)
                .build();
    }

    /** Operators (behind bootstrap's Admin-Key check). */
    public RouterFunction<ServerResponse> admin() {
        return RouterFunctions.route()
                .GET("/admin/queues", admin::list)
                .GET("/admin/queues/{concertId}", admin::get)
                .PUT("/admin/queues/{concertId}", admin::put)
                .build();
    }

    /** The admission gate over {@code validation}: reads may pass on a recent ACTIVE answer, writes ask Redis. */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> gate(ValidateActiveTokenQuery validation) {
        return new AdmissionGateFilter(validation);
    }

    /** The gate that lets writes, too, pass on this instance's recent ACTIVE answer. */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> gateTrustingRecentAnswerForWrites(
            ValidateActiveTokenQuery validation) {
        return AdmissionGateFilter.trustingRecentAnswerForWrites(validation);
    }
}
