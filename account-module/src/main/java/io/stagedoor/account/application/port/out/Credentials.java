package io.stagedoor.account.application.port.out;

import reactor.core.publisher.Mono;

/** The stored password hashes. */
public interface Credentials {

    /** The user's password hash; empty when there is no such user or the user has no password. */
    Mono<String> passwordHashOf(long userId);
}
