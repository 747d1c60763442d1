package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.api.ReservationOfUser;
import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Set-based seat sales for batched payments: one statement per call, joining the caller's transaction, seat rows
 * locked first (in seat order), reservation rows second — the same lock order as every single-seat transition.
 */
public interface SeatSales {

    /** Every reservation HELD by its user and live at {@code now} → CONFIRMED, seat SOLD; emits the confirmed ones. */
    Mono<List<Reservation>> confirmAll(List<ReservationOfUser> reservations, Instant now);

    /**
     * CONFIRMED → HELD again, seat SOLD → HELD until the reservation's expiry; only for confirmations of the caller's
     * own open transaction. Emits how many seats were given back.
     */
    Mono<Integer> undoConfirmations(List<Long> reservationIds);
}
