package io.stagedoor.queue.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * What is left of a token the waiting room no longer knows: the user and concert it names, and since when the
 * waiting room's store holds the data it has now. A token unknown because the store restarted without its data
 * (Redis without persistence) named an admission that existed before that moment.
 */
public interface LostAdmissionQuery {

    /** The lost token's claims; empty when the token is not shaped like one. QUEUE_UNAVAILABLE when Redis is away. */
    Mono<LostToken> lost(String token);

    /** The user and concert a token names, and since when the store's current data dates. */
    record LostToken(String token, UserId userId, ConcertId concertId, Instant storeDataSince) {
    }
}
