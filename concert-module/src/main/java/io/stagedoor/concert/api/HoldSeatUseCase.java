package io.stagedoor.concert.api;

import reactor.core.publisher.Mono;

/**
 * Holds a seat for the configured hold duration: one conditional update takes it if it is free (AVAILABLE, or held
 * by a hold that ran out) and records a HELD reservation in the same statement. Fails with
 * {@link SeatUnavailableException}, {@link SeatNotFoundException}, {@link ScheduleNotFoundException} or
 * {@link WrongConcertException}.
 */
public interface HoldSeatUseCase {

    Mono<ReservationView> hold(HoldSeatCommand command);
}
