package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 RESERVATION_NOT_FOUND: unknown, or not the caller's (someone else's reservation is indistinguishable from none). */
public final class ReservationNotFoundException extends StagedoorProblem {

    public ReservationNotFoundException(long reservationId) {
        super(ProblemKind.NOT_FOUND, "RESERVATION_NOT_FOUND", "Reservation not found", "Reservation " + reservationId + " does not exist");
    }
}
