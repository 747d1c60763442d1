package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/** Whether a user exists (the account module answers, bridged by the application's wiring). */
public interface UserDirectory {

    Mono<Boolean> exists(long userId);
}
