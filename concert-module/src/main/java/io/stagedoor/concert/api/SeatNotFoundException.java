package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 SEAT_NOT_FOUND: the seat number is outside the schedule's seats (1..N). */
public final class SeatNotFoundException extends StagedoorProblem {

    public SeatNotFoundException(long scheduleId, int seatNumber) {
        super(ProblemKind.NOT_FOUND, "SEAT_NOT_FOUND", "Seat not found", "Schedule " + scheduleId + " has no seat " + seatNumber);
    }
}
