package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/**
 * The caller's own reservation, seen through the queue token that admits to {@code admittedConcertId}. Someone
 * else's is {@link ReservationNotFoundException}; the caller's own for another concert is {@link WrongConcertException}.
 * A HELD reservation whose hold ran out reads as EXPIRED.
 */
public interface GetReservationQuery {

    Mono<ReservationView> get(long reservationId, long userId, long admittedConcertId);
}
