package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 409 SEAT_UNAVAILABLE: the seat is held by a live hold or sold. */
public final class SeatUnavailableException extends StagedoorProblem {

    public SeatUnavailableException(long scheduleId, int seatNumber) {
        super(ProblemKind.CONFLICT, "SEAT_UNAVAILABLE", "Seat unavailable", "Seat " + seatNumber + " of schedule " + scheduleId + " is held by someone else or sold");
    }

    private SeatUnavailableException(String detail) {
        super(ProblemKind.CONFLICT, "SEAT_UNAVAILABLE", "Seat unavailable", detail);
    }

    /** The fan's own hold on this seat ran out unpaid a moment ago: it is free for others first. */
    public static SeatUnavailableException coolingDown(long scheduleId, int seatNumber) {
        return new SeatUnavailableException("Your hold on seat " + seatNumber + " of schedule " + scheduleId
                + " ran out unpaid; it is open to other fans for a while before you can hold it again");
    }
}
