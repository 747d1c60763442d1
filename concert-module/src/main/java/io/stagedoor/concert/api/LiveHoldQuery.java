package io.stagedoor.concert.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Whether a user holds a live seat of a concert that was held before a moment: the proof of admission that survives
 * a waiting room whose store lost its data (a hold is only ever made by an admitted fan).
 */
public interface LiveHoldQuery {

    /** True when {@code userId} has a HELD, unexpired reservation of {@code concertId} created before {@code heldBefore}. */
    Mono<Boolean> holdsLiveSeatHeldBefore(UserId userId, ConcertId concertId, Instant heldBefore);
}
