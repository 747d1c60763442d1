package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/**
 * 409 RESERVATION_ALREADY_PAID raised by the payment table's safety net: another payment of the same reservation
 * was recorded first (the unique constraint on reservation_id), so this one rolls back.
 */
public final class ReservationPaidConcurrentlyException extends StagedoorProblem {

    public ReservationPaidConcurrentlyException(long reservationId) {
        super(ProblemKind.CONFLICT, "RESERVATION_ALREADY_PAID", "Reservation already paid",
                "Reservation " + reservationId + " is already paid");
    }
}
