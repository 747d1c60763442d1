package io.stagedoor.concert.api;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Future schedules of a concert that still have at least one free seat, soonest first, each with its free count
 * (a seat whose hold ran out counts as free). Fails with {@link ConcertNotFoundException}.
 */
public interface ListAvailableSchedulesQuery {

    Mono<List<AvailableSchedule>> availableSchedules(long concertId);
}
