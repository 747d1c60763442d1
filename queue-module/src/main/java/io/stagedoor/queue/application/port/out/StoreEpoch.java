package io.stagedoor.queue.application.port.out;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Since when the waiting room's store holds its current data: a mark written once and kept as long as the data is.
 * A store that lost its data (a restart without persistence) lost the mark with it, and the next call writes a new
 * one.
 */
public interface StoreEpoch {

    /** The mark, writing {@code now} first if there is none. */
    Mono<Instant> markedSince(Instant now);
}
