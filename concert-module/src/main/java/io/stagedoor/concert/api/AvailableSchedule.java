package io.stagedoor.concert.api;

import java.time.Instant;

/** A future schedule (date) of a concert with the number of seats free right now. */
public record AvailableSchedule(long scheduleId, Instant startsAt, int availableSeats) {
}
