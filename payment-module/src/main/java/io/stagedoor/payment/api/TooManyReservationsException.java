package io.stagedoor.payment.api;

import org.springframework.http.HttpStatus;

/** 400 INVALID_REQUEST: a checkout names more reservations than the fan may buy tickets for this concert. */
public final class TooManyReservationsException extends PaymentProblem {

    public TooManyReservationsException(int named, int ticketLimit) {
        super(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "Invalid request",
                "reservationIds names " + named + " reservations; at most " + ticketLimit + " may be paid at once");
    }
}
