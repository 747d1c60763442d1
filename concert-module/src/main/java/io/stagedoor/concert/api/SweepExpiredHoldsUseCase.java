package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/**
 * Marks every HELD reservation whose hold ran out EXPIRED and frees its seat; never touches a CONFIRMED one.
 * Safe to run on every instance at the same time (each expired hold is swept exactly once). Emits how many it swept.
 */
public interface SweepExpiredHoldsUseCase {

    Mono<Integer> sweepExpiredHolds();
}
