package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/** Whether a concert exists; the waiting room asks before opening a place in a concert's line. */
public interface ConcertExistenceQuery {

    Mono<Boolean> exists(long concertId);
}
