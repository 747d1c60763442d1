package io.stagedoor.concert.api;

import io.stagedoor.common.id.ConcertId;
import reactor.core.publisher.Mono;

/** The per-fan limits a concert's holds obey now (404 for an unknown concert). */
public interface FanLimitsQuery {

    Mono<ConcertFanLimits> fanLimits(ConcertId concertId);
}
