package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 409 RESERVATION_EXPIRED: the hold ran out (or was cancelled) before payment. */
public final class ReservationExpiredException extends ConcertProblem {

    public ReservationExpiredException(long reservationId, String why) {
        super(HttpStatus.CONFLICT, "RESERVATION_EXPIRED", "Reservation expired", "Reservation " + reservationId + " " + why);
    }
}
