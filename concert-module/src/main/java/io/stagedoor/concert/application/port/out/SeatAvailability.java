package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.domain.Seat;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** The hot read path: what is free right now, and the seat map. Each call is one query. */
public interface SeatAvailability {

    /**
     * Schedules of the concert starting after {@code now} with at least one seat free at {@code now}, soonest first,
     * with their free counts; empty (no list at all) when the concert does not exist.
     */
    Mono<List<AvailableSchedule>> availableSchedules(long concertId, Instant now);

    /**
     * Seats of the schedule free at {@code now}, by number; empty (no list at all) when the schedule does not exist,
     * belongs to another concert or starts at or before {@code now}.
     */
    Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId, Instant now);

    /**
     * Every seat of the schedule as stored (holds that ran out included: the caller judges them at its own "now"), by
     * number; empty (no list at all) when the schedule does not exist, belongs to another concert or starts at or
     * before {@code now}.
     */
    Mono<List<Seat>> seatsOf(long concertId, long scheduleId, Instant now);
}
