package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/** Loads a user's own reservation; anyone else's is {@link ReservationNotFoundException}. */
public interface LoadReservationQuery {

    Mono<ReservationView> load(long reservationId, long userId);
}
