package io.stagedoor.concert.api;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import reactor.core.publisher.Mono;

/**
 * Turns a user's live hold into a sale: HELD and not expired becomes CONFIRMED and the seat SOLD, in one
 * conditional update that joins the caller's reactive transaction (payment commits it with the debit).
 * Fails with {@link ReservationNotFoundException}, {@link ReservationExpiredException} or
 * {@link ReservationAlreadyPaidException}.
 */
public interface ConfirmReservationUseCase {

    Mono<ReservationView> confirm(ReservationId reservationId, UserId userId);
}
