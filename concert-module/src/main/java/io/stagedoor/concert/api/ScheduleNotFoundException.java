package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 SCHEDULE_NOT_FOUND: no such schedule, not one of this concert, or already started. */
public final class ScheduleNotFoundException extends StagedoorProblem {

    public ScheduleNotFoundException(long concertId, long scheduleId) {
        super(ProblemKind.NOT_FOUND, "SCHEDULE_NOT_FOUND", "Schedule not found", "Concert " + concertId + " has no bookable schedule " + scheduleId);
    }
}
