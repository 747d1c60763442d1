package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/** An operator's look at one concert's waiting room. Fails with {@link UnknownConcertException}. */
public interface RoomOverviewQuery {

    Mono<RoomOverview> overview(long concertId);
}
