package io.stagedoor.concert.application.port.out;

import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A concert's own per-fan limits as stored (an empty number means "the configured default"), and a fan's tickets
 * against them.
 */
public interface FanLimitSettings {

    /** The concert's own limits; empty when the concert does not exist. */
    Mono<Stored> find(long concertId);

    /**
     * Changes the limits whose change is non-null (an empty Optional clears the concert's own number); emits the stored
     * limits afterwards, empty when the concert does not exist.
     */
    Mono<Stored> update(long concertId, Optional<Integer> holdsPerFan, Optional<Integer> ticketsPerFan);

    /**
     * Takes the transaction-scoped lock of the fan and the concert, the one every hold of the fan takes first; it is
     * released when the caller's transaction ends.
     */
    Mono<Void> lockFan(long userId, long concertId);

    /**
     * The fan's tickets (CONFIRMED reservations) of the concert against its ticket limit in force ({@code
     * defaultTicketsPerFan} where the concert has none of its own), judged by the database in the caller's
     * transaction; empty when the concert does not exist.
     */
    Mono<TicketStanding> ticketStanding(long userId, long concertId, int defaultTicketsPerFan);

    record TicketStanding(long tickets, int ticketLimit, boolean withinLimit) {
    }

    record Stored(Optional<Integer> holdsPerFan, Optional<Integer> ticketsPerFan) {
    }
}
