package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/**
 * Releases the caller's live hold: the reservation becomes CANCELLED and the seat is free at once. Cancelling a
 * cancelled reservation again returns it unchanged. Fails with {@link ReservationNotFoundException} (unknown or
 * someone else's), {@link WrongConcertException}, {@link ReservationExpiredException} (the hold already ran out) or
 * {@link ReservationAlreadyPaidException} (a paid seat is not released by a cancel).
 */
public interface CancelReservationUseCase {

    Mono<ReservationView> cancel(long reservationId, long userId, long admittedConcertId);
}
