package io.stagedoor.concert.application.port.out;

import java.util.Optional;
import reactor.core.publisher.Mono;

/** A concert's own per-fan limits as stored; an empty number means "the configured default". */
public interface FanLimitSettings {

    /** The concert's own limits; empty when the concert does not exist. */
    Mono<Stored> find(long concertId);

    /**
     * Changes the limits whose change is non-null (an empty Optional clears the concert's own number); emits the stored
     * limits afterwards, empty when the concert does not exist.
     */
    Mono<Stored> update(long concertId, Optional<Integer> holdsPerFan, Optional<Integer> ticketsPerFan);

    record Stored(Optional<Integer> holdsPerFan, Optional<Integer> ticketsPerFan) {
    }
}
