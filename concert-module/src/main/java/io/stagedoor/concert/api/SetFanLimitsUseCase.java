package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/** Operators set a concert's own per-fan limits; emits the limits in force afterwards (404 for an unknown concert). */
public interface SetFanLimitsUseCase {

    Mono<ConcertFanLimits> setFanLimits(SetFanLimitsCommand command);
}
