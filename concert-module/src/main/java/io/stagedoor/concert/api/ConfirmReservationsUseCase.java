package io.stagedoor.concert.api;

import io.stagedoor.common.id.ReservationId;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The set-based twin of {@link ConfirmReservationUseCase} for payments batched into one transaction: confirms many
 * live holds in one statement that joins the caller's reactive transaction, locking the seat rows in one global order
 * (so concurrent batches never deadlock on each other, and seat rows are still locked before the payer's balance).
 *
 * <p>It only reports who won; it never explains a refusal. A caller hands a refused reservation to
 * {@link ConfirmReservationUseCase}, which is the one source of the refusal's exact error.
 */
public interface ConfirmReservationsUseCase {

    /**
     * Each reservation HELD by its user and live now becomes CONFIRMED and its seat SOLD. Emits the confirmed ones
     * (status CONFIRMED); a refused one (not theirs, expired, paid, unknown) is simply absent and nothing of it changed.
     * At most one entry per reservation.
     */
    Mono<List<ReservationView>> confirmAll(List<ReservationOfUser> reservations);

    /**
     * {@link #confirmAll} for a batch of payments that keeps every fan within the concert's ticket limit, in one
     * statement: it first takes the lock of every fan in {@code fans} (in one global order, so batches never deadlock
     * on each other; the lock every hold of the fan takes, held until the caller's transaction ends), then confirms,
     * and marks each confirmed reservation whose fan's tickets of the concert now pass the concert's ticket limit as it
     * stands now, also after an operator lowered it. The caller undoes those ({@link #undoConfirmations}) before it
     * commits. Without a caller transaction the locks would end with the statement: callers always have one.
     */
    Mono<List<ConfirmedSale>> confirmAllWithinTicketLimits(List<FanOfConcert> fans, List<ReservationOfUser> reservations);

    /**
     * Undoes confirmations made by {@link #confirmAll} <b>earlier in the same, still open transaction</b>: each
     * reservation goes back to HELD and its seat to HELD until the reservation's own expiry, exactly as before the
     * confirmation. Nobody else can have seen the confirmation (the seat rows stay locked and nothing committed), so
     * this is the caller's partial rollback for payments that then failed (too little balance, wrong concert).
     * Emits how many were undone.
     */
    Mono<Integer> undoConfirmations(List<ReservationId> reservationIds);
}
