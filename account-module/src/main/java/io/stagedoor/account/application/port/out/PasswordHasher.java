package io.stagedoor.account.application.port.out;

import io.stagedoor.account.api.Password;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Slow salted password hashing, off the event loops on a bounded pool. When the pool's queue is full both methods fail
 * with {@link io.stagedoor.account.api.PasswordHashingBusyException} at once.
 */
public interface PasswordHasher {

    /** A new salted hash of the password. */
    Mono<String> hash(Password password);

    /**
     * Whether the password matches the stored hash. Without a stored hash it checks against a dummy hash of the same
     * cost and answers false, so "no such user" costs as long as "wrong password". Callers continue on the hashing
     * thread: keep what follows short.
     */
    Mono<Boolean> verify(Password candidate, Optional<String> storedHash);
}
