package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/** Whether a concert exists (the concert module answers, bridged by the application's wiring). */
public interface ConcertCatalog {

    Mono<Boolean> exists(long concertId);
}
