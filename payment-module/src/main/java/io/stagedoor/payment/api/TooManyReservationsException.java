package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 400 INVALID_REQUEST: a checkout names more reservations than the fan may buy tickets for this concert. */
public final class TooManyReservationsException extends StagedoorProblem {

    public TooManyReservationsException(int named, int ticketLimit) {
        super(ProblemKind.BAD_REQUEST, "INVALID_REQUEST", "Invalid request",
                "reservationIds names " + named + " reservations; at most " + ticketLimit + " may be paid at once");
    }
}
