package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/**
 * Issue a queue token for a user and a concert, or return the live one the user already holds (idempotent, also
 * under racing requests). Fails with {@link UnknownUserException}, {@link UnknownConcertException} or
 * {@link QueueUnavailableException}.
 */
public interface JoinQueueUseCase {

    Mono<JoinResult> join(JoinQueueCommand command);
}
