package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/** Registers a new user with a zero balance. */
public interface CreateUserUseCase {

    Mono<NewUser> create(CreateUserCommand command);
}
