package io.stagedoor.concert.adapter.in.web;

import java.util.Objects;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The concert module's routes, relative to /api/v1; the app mounts them and puts the gate / Admin-Key check in front. */
public final class ConcertRoutes {

    private final ConcertHandler concerts;
    private final ReservationHandler reservations;
    private final ConcertAdminHandler admin;

    public ConcertRoutes(ConcertHandler concerts, ReservationHandler reservations, ConcertAdminHandler admin) {
        this.concerts = Objects.requireNonNull(concerts);
        this.reservations = Objects.requireNonNull(reservations);
        this.admin = Objects.requireNonNull(admin);
    }

    /** Not gated: what a client can queue for. */
    public RouterFunction<ServerResponse> publicRoutes() {
        return RouterFunctions.route()
                .GET("/concerts", concerts::listConcerts)
                .build();
    }

    /** Need an ACTIVE queue token (the admitted user and concert arrive as request attributes). */
    public RouterFunction<ServerResponse> gatedRoutes() {
        return RouterFunctions.route()
                .GET("/concerts/{concertId}/schedules", concerts::availableSchedules)
                .GET("/concerts/{concertId}/schedules/{scheduleId}/seats", concerts::freeSeats)
                .GET("/concerts/{concertId}/schedules/{scheduleId}/seat-map", concerts::seatMap)
                .POST("/reservations", reservations::hold)
                .GET("/reservations/{reservationId}", reservations::get)
                .DELETE("/reservations/{reservationId}", reservations::cancel)
                .build();
    }

    /** Operator routes (Admin-Key). */
    public RouterFunction<ServerResponse> adminRoutes() {
        return RouterFunctions.route()
                .POST("/admin/concerts", admin::createConcert)
                .GET("/admin/concerts/{concertId}/fan-limits", admin::getFanLimits)
                .PUT("/admin/concerts/{concertId}/fan-limits", admin::putFanLimits)
                .build();
    }
}
