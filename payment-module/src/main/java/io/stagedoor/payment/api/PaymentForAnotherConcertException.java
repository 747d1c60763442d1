package io.stagedoor.payment.api;

import org.springframework.http.HttpStatus;

/** 403 QUEUE_WRONG_CONCERT: the reservation is for a concert the caller's queue token does not admit to. */
public final class PaymentForAnotherConcertException extends PaymentProblem {

    public PaymentForAnotherConcertException(long reservationId, long reservationConcertId, long admittedConcertId) {
        super(HttpStatus.FORBIDDEN, "QUEUE_WRONG_CONCERT", "Token admits to another concert",
                "Reservation " + reservationId + " is for concert " + reservationConcertId
                        + " but the queue token admits to concert " + admittedConcertId);
    }
}
