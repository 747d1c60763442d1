package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * Signs a new user up: a zero balance and the password's slow salted hash (hashed off the event loops). Fails with
 * {@link PasswordHashingBusyException} when too many hashes are already waiting.
 */
public interface CreateUserUseCase {

    Mono<NewUser> create(CreateUserCommand command);
}
