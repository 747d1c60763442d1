package io.stagedoor.concert.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import reactor.core.publisher.Mono;

/**
 * Keeps a sale within the fan's ticket limit of a concert as it stands now — also after an operator lowered the limit
 * below what the fan already holds. Runs inside the caller's reactive transaction and decides in it, so the limit
 * holds when several payments of one fan run at once, on any instance.
 */
public interface TicketLimitUseCase {

    /**
     * Takes the fan's lock for the concert (the lock every hold of the fan takes, held until the caller's transaction
     * ends), runs {@code sale} (which sells seats of this concert to this user in the same transaction), and then fails
     * with {@link TicketLimitReachedException} if the fan's tickets of the concert now pass the concert's ticket limit;
     * the caller must then roll its transaction back. Emits what {@code sale} emitted. Without a caller transaction the
     * lock would end with its own statement: callers always have one.
     */
    <T> Mono<T> withinTicketLimit(UserId userId, ConcertId concertId, Mono<T> sale);

    // a batch of payments takes the same locks and counts the same way within its confirming statement:
    // ConfirmReservationsUseCase#confirmAllWithinTicketLimits
}
