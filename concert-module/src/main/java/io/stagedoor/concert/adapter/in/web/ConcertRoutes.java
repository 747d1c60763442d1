package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.GetReservationQuery;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ListAvailableSchedulesQuery;
import io.stagedoor.concert.api.ListConcertsQuery;
import io.stagedoor.concert.api.ListFreeSeatsQuery;
import io.stagedoor.concert.api.SeatMapQuery;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import java.util.Objects;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The concert module's routes, relative to /api/v1; the app mounts them and puts the gate / Admin-Key check in front. */
public final class ConcertRoutes {

    private final ConcertHandler concerts;
    private final ReservationHandler reservations;
    private final ConcertAdminHandler admin;

    /** The routes over the module's use cases (its handlers stay package-private). */
    public ConcertRoutes(Concerts concerts, Reservations reservations, Admin admin) {
        this.concerts = new ConcertHandler(concerts.list(), concerts.schedules(), concerts.seats(), concerts.seatMap());
        this.reservations = new ReservationHandler(reservations.hold(), reservations.get(), reservations.cancel());
        this.admin = new ConcertAdminHandler(admin.createConcert(), admin.setFanLimits(), admin.fanLimits());
    }

    /** What the public and gated concert routes ask. */
    public record Concerts(ListConcertsQuery list, ListAvailableSchedulesQuery schedules, ListFreeSeatsQuery seats,
                           SeatMapQuery seatMap) {

        public Concerts {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(schedules, "schedules");
            Objects.requireNonNull(seats, "seats");
            Objects.requireNonNull(seatMap, "seatMap");
        }
    }

    /** What the reservation routes ask. */
    public record Reservations(HoldSeatUseCase hold, GetReservationQuery get, CancelReservationUseCase cancel) {

        public Reservations {
            Objects.requireNonNull(hold, "hold");
            Objects.requireNonNull(get, "get");
            Objects.requireNonNull(cancel, "cancel");
        }
    }

    /** What the operators' routes ask. */
    public record Admin(CreateConcertUseCase createConcert, SetFanLimitsUseCase setFanLimits, FanLimitsQuery fanLimits) {

        public Admin {
            Objects.requireNonNull(createConcert, "createConcert");
            Objects.requireNonNull(setFanLimits, "setFanLimits");
            Objects.requireNonNull(fanLimits, "fanLimits");
        }
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
