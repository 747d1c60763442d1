package io.stagedoor.concert.api;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Seats of one schedule that are free right now (AVAILABLE, or HELD by a hold that ran out), by seat number.
 * Fails with {@link ScheduleNotFoundException} when the schedule does not exist, belongs to another concert or has started.
 */
public interface ListFreeSeatsQuery {

    Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId);
}
