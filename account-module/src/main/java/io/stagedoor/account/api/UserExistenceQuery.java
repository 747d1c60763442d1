package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/** Whether a user exists; other modules (the waiting room) ask this before serving a user. */
public interface UserExistenceQuery {

    Mono<Boolean> exists(long userId);
}
