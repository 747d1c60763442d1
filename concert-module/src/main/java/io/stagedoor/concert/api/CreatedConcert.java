package io.stagedoor.concert.api;

import java.time.Instant;
import java.util.List;

/** The ids an operator's new concert got. */
public record CreatedConcert(long concertId, String title, List<Schedule> schedules) {

    public record Schedule(long scheduleId, Instant startsAt, int seats, long price) {
    }
}
