package io.stagedoor.concert.application;

import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.ConcertNotFoundException;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.api.ListAvailableSchedulesQuery;
import io.stagedoor.concert.api.ListFreeSeatsQuery;
import io.stagedoor.concert.api.ScheduleNotFoundException;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The hot read path (available dates and seats): "now" from the clock, answers from the {@link SeatAvailability} port
 * (bootstrap hands it a {@link CachedAvailability}, so a call is at most one query and often none).
 */
final class AvailabilityService implements ListAvailableSchedulesQuery, ListFreeSeatsQuery {

    private final SeatAvailability availability;
    private final Clock clock;

    AvailabilityService(SeatAvailability availability, Clock clock) {
        this.availability = Objects.requireNonNull(availability);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<List<AvailableSchedule>> availableSchedules(long concertId) {
        return Mono.defer(() -> availability.availableSchedules(concertId, Now.of(clock)))
                .switchIfEmpty(Mono.error(() -> new ConcertNotFoundException(concertId)));
    }

    @Override
    public Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId) {
        return Mono.defer(() -> availability.freeSeats(concertId, scheduleId, Now.of(clock)))
                .switchIfEmpty(Mono.error(() -> new ScheduleNotFoundException(concertId, scheduleId)));
    }
}
