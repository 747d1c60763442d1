package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 409 RESERVATION_EXPIRED: the hold ran out (or was cancelled) before payment. */
public final class ReservationExpiredException extends StagedoorProblem {

    public ReservationExpiredException(long reservationId, String why) {
        super(ProblemKind.CONFLICT, "RESERVATION_EXPIRED", "Reservation expired", "Reservation " + reservationId + " " + why);
    }
}
