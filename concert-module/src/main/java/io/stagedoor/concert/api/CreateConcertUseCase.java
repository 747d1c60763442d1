package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/** Operator use case: create a concert with its schedules and seats, all or nothing. */
public interface CreateConcertUseCase {

    Mono<CreatedConcert> create(CreateConcertCommand command);
}
