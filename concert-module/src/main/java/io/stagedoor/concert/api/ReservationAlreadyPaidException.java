package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 409 RESERVATION_ALREADY_PAID: the reservation was confirmed (paid) before. */
public final class ReservationAlreadyPaidException extends StagedoorProblem {

    public ReservationAlreadyPaidException(long reservationId) {
        super(ProblemKind.CONFLICT, "RESERVATION_ALREADY_PAID", "Reservation already paid", "Reservation " + reservationId + " is already paid");
    }
}
