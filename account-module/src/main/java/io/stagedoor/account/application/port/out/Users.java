package io.stagedoor.account.application.port.out;

import java.time.Instant;
import reactor.core.publisher.Mono;

/** Who the users are. */
public interface Users {

    /** Registers a user with a zero balance and the password's hash (one atomic write) and gives the new id. */
    Mono<Long> register(String name, String passwordHash, Instant at);

    Mono<Boolean> exists(long userId);
}
