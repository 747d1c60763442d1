package io.stagedoor.payment.api;

import org.springframework.http.HttpStatus;

/**
 * 409 RESERVATION_ALREADY_PAID raised by the payment table's safety net: another payment of the same reservation
 * was recorded first (the unique constraint on reservation_id), so this one rolls back.
 */
public final class ReservationPaidConcurrentlyException extends PaymentProblem {

    public ReservationPaidConcurrentlyException(long reservationId) {
        super(HttpStatus.CONFLICT, "RESERVATION_ALREADY_PAID", "Reservation already paid",
                "Reservation " + reservationId + " is already paid");
    }
}
