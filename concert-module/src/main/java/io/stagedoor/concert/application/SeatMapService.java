package io.stagedoor.concert.application;

import io.stagedoor.concert.api.MapSeat;
import io.stagedoor.concert.api.ScheduleNotFoundException;
import io.stagedoor.concert.api.SeatMapQuery;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import io.stagedoor.concert.domain.Seat;
import io.stagedoor.concert.domain.SeatStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The seat map: the schedule's seat rows from the {@link SeatAvailability} port (bootstrap hands it a
 * {@link CachedAvailability}, so the rows of a schedule are one query shared by every viewer for the cache's TTL), each
 * judged at this request's "now" for this viewer. Judging per request is what keeps a run-out hold FREE at once even
 * when the rows came from the cache.
 */
final class SeatMapService implements SeatMapQuery {

    private final SeatAvailability availability;
    private final Clock clock;

    SeatMapService(SeatAvailability availability, Clock clock) {
        this.availability = Objects.requireNonNull(availability);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<List<MapSeat>> seatMap(long concertId, long scheduleId, long viewerId) {
        return Mono.defer(() -> {
            Instant now = Now.of(clock);
            return availability.seatsOf(concertId, scheduleId, now)
                    .switchIfEmpty(Mono.error(() -> new ScheduleNotFoundException(concertId, scheduleId)))
                    .map(seats -> seats.stream().map(seat -> mapSeat(seat, viewerId, now)).toList());
        });
    }

    static MapSeat mapSeat(Seat seat, long viewerId, Instant now) {
        return new MapSeat(seat.seatNumber(), seat.price(), stateOf(seat, viewerId, now));
    }

    private static MapSeat.State stateOf(Seat seat, long viewerId, Instant now) {
        if (seat.isFreeAt(now)) {
            return MapSeat.State.FREE;
        }
        if (seat.status() == SeatStatus.SOLD) {
            return MapSeat.State.SOLD;
        }
        return seat.isLiveHoldOf(viewerId, now) ? MapSeat.State.MINE : MapSeat.State.HELD;
    }
}
