package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 409 RESERVATION_ALREADY_PAID: the reservation was confirmed (paid) before. */
public final class ReservationAlreadyPaidException extends ConcertProblem {

    public ReservationAlreadyPaidException(long reservationId) {
        super(HttpStatus.CONFLICT, "RESERVATION_ALREADY_PAID", "Reservation already paid", "Reservation " + reservationId + " is already paid");
    }
}
