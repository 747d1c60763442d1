package io.stagedoor.concert.api;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Every seat of one schedule in seat order, each with its price and its state as {@code viewerId} sees it: free, held
 * by someone, sold, or held by the viewer. Never tells who holds or bought a seat. Fails with
 * {@link ScheduleNotFoundException} when the schedule does not exist, belongs to another concert or has started.
 */
public interface SeatMapQuery {

    Mono<List<MapSeat>> seatMap(long concertId, long scheduleId, long viewerId);
}
