package io.stagedoor.queue.api;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a token stands. Reading refreshes the waiter's last-seen time (a waiter who stops asking is dropped after
 * the abandon grace period). Fails with {@link QueueTokenInvalidException} or {@link QueueUnavailableException}.
 */
public interface QueueStatusQuery {

    Mono<QueueStatusView> status(String token);

    /**
     * The token's standing whenever it changes, polled at the pace the status itself suggests; completes after the
     * first ACTIVE view. The first element (or error) comes at once.
     */
    Flux<QueueStatusView> watch(String token);
}
