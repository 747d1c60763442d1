package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 404 RESERVATION_NOT_FOUND: unknown, or not the caller's (someone else's reservation is indistinguishable from none). */
public final class ReservationNotFoundException extends ConcertProblem {

    public ReservationNotFoundException(long reservationId) {
        super(HttpStatus.NOT_FOUND, "RESERVATION_NOT_FOUND", "Reservation not found", "Reservation " + reservationId + " does not exist");
    }
}
