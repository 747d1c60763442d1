package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 409 HOLD_LIMIT_REACHED: the fan already holds the most live holds allowed for this concert. */
public final class HoldLimitReachedException extends StagedoorProblem {

    public HoldLimitReachedException(long concertId) {
        super(ProblemKind.CONFLICT, "HOLD_LIMIT_REACHED", "Hold limit reached",
                "You already hold the most seats allowed for concert " + concertId
                        + "; pay or cancel a hold, or wait until one runs out");
    }
}
