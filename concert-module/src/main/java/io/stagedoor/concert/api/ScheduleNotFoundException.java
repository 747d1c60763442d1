package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 404 SCHEDULE_NOT_FOUND: no such schedule, not one of this concert, or already started. */
public final class ScheduleNotFoundException extends ConcertProblem {

    public ScheduleNotFoundException(long concertId, long scheduleId) {
        super(HttpStatus.NOT_FOUND, "SCHEDULE_NOT_FOUND", "Schedule not found", "Concert " + concertId + " has no bookable schedule " + scheduleId);
    }
}
