package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.api.FanOfConcert;
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
     * {@link #confirmAll} after taking the lock of every fan in {@code fans} (key order; held until the caller's
     * transaction ends), with each confirmed reservation marked when its fan's tickets of the concert, counting this
     * sale, pass the concert's ticket limit ({@code defaultTicketsPerFan} where the concert has none of its own).
     */
    Mono<List<Sale>> confirmAllWithinTicketLimits(List<FanOfConcert> fans, List<ReservationOfUser> reservations,
                                                 Instant now, int defaultTicketsPerFan);

    /** A confirmed reservation, and whether its fan is now past the concert's ticket limit. */
    record Sale(Reservation reservation, boolean pastTicketLimit) {
    }

    /**
     * CONFIRMED → HELD again, seat SOLD → HELD until the reservation's expiry; only for confirmations of the caller's
     * own open transaction. Emits how many seats were given back.
     */
    Mono<Integer> undoConfirmations(List<Long> reservationIds);
}
