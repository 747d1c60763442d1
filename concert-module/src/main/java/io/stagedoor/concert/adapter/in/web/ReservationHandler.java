package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.GetReservationQuery;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.HoldSeatUseCase;
import io.stagedoor.concert.api.ReservationView;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Seat holds (reservations) of the admitted user. Seat numbers: a JSON integer is required; a negative one is
 * malformed (400 INVALID_REQUEST); 0 and numbers past the schedule's last seat are well-formed but name no seat
 * of the schedule (404 SEAT_NOT_FOUND).
 */
final class ReservationHandler {

    private final HoldSeatUseCase holdSeat;
    private final GetReservationQuery getReservation;
    private final CancelReservationUseCase cancelReservation;

    ReservationHandler(HoldSeatUseCase holdSeat, GetReservationQuery getReservation,
                              CancelReservationUseCase cancelReservation) {
        this.holdSeat = Objects.requireNonNull(holdSeat);
        this.getReservation = Objects.requireNonNull(getReservation);
        this.cancelReservation = Objects.requireNonNull(cancelReservation);
    }

    /** POST /reservations {"scheduleId": 3, "seatNumber": 7} → 201 with the HELD reservation. */
    public Mono<ServerResponse> hold(ServerRequest request) {
        return RequestInput.jsonObject(request)
                .map(body -> holdCommand(request, body))
                .flatMap(holdSeat::hold)
                .flatMap(reservation -> ServerResponse
                        .created(UriComponentsBuilder.fromUri(request.uri()).replaceQuery(null)
                                .path("/{id}").buildAndExpand(reservation.reservationId().value()).toUri())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ReservationJson.of(reservation)));
    }

    /** GET /reservations/{reservationId}. */
    public Mono<ServerResponse> get(ServerRequest request) {
        return Mono.defer(() -> getReservation.get(RequestInput.positiveId(request, "reservationId"),
                        RequestInput.admittedUserId(request), RequestInput.admittedConcertId(request)))
                .flatMap(ReservationHandler::ok);
    }

    /** DELETE /reservations/{reservationId} → 200 with status CANCELLED; the seat is free at once. */
    public Mono<ServerResponse> cancel(ServerRequest request) {
        return Mono.defer(() -> cancelReservation.cancel(RequestInput.positiveId(request, "reservationId"),
                        RequestInput.admittedUserId(request), RequestInput.admittedConcertId(request)))
                .flatMap(ReservationHandler::ok);
    }

    private static HoldSeatCommand holdCommand(ServerRequest request, JsonNode body) {
        long scheduleId = RequestInput.requiredLong(body, "scheduleId", "scheduleId");
        if (scheduleId <= 0) {
            throw new ServerWebInputException("scheduleId must be a positive integer");
        }
        int seatNumber = RequestInput.intValue(RequestInput.required(body, "seatNumber", "seatNumber"), "seatNumber");
        if (seatNumber < 0) {
            throw new ServerWebInputException("seatNumber must not be negative");
        }
        long userId = RequestInput.admittedUserId(request);
        long concertId = RequestInput.admittedConcertId(request);
        return RequestInput.validated(() -> new HoldSeatCommand(userId, concertId, scheduleId, seatNumber), "");
    }

    private static Mono<ServerResponse> ok(ReservationView reservation) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(ReservationJson.of(reservation));
    }
}
