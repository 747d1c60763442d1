package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 403 QUEUE_WRONG_CONCERT: the reservation is for a concert the caller's queue token does not admit to. */
public final class PaymentForAnotherConcertException extends StagedoorProblem {

    public PaymentForAnotherConcertException(long reservationId, long reservationConcertId, long admittedConcertId) {
        super(ProblemKind.FORBIDDEN, "QUEUE_WRONG_CONCERT", "Token admits to another concert",
                "Reservation " + reservationId + " is for concert " + reservationConcertId
                        + " but the queue token admits to concert " + admittedConcertId);
    }
}
