package io.stagedoor.concert.application.port.out;

import reactor.core.publisher.Mono;

/** The concert's own transaction boundary (a concert created with all its schedules and seats, or not at all). */
public interface ConcertTransactions {

    /** Runs {@code work} in one new transaction: commits when it completes, rolls back when it fails. */
    <T> Mono<T> inTransaction(Mono<T> work);
}
