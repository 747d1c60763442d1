package io.stagedoor.account.adapter.out.crypto;

import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.PasswordHashingBusyException;
import io.stagedoor.account.application.port.out.PasswordHasher;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Argon2id hashes (spring-security-crypto's encoder on Bouncy Castle; PHC strings that carry their own parameters, so a
 * hash made at another cost still verifies) computed on a small pool of its own threads, never on an event loop.
 *
 * <p>The pool (Reactor's bounded elastic scheduler, whose hand-off an event loop may call without blocking) is bounded
 * twice: at most {@code threads} threads (each hash holds {@code memoryKib} of memory while it runs) and a fixed number
 * of hashes waiting for them. A request that finds no room is refused at once with {@link PasswordHashingBusyException}
 * (503 with Retry-After), so a sign-in rush costs at most the pool's threads and never starves the event loops or grows
 * an unbounded backlog. A request cancelled while it waits (its client left, its deadline passed) is not hashed.
 */
final class Argon2PasswordHasher implements PasswordHasher, AutoCloseable {

    /** Salt and hash lengths in bytes, and the one lane every hash uses (parallelism 1: the pool is the parallelism). */
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    /** The cost of one hash: memory in KiB and passes over it. */
    public record Cost(int memoryKib, int iterations) {

        public Cost {
            if (memoryKib < 8 * PARALLELISM || iterations < 1) {
                throw new IllegalArgumentException("Argon2 needs at least 8 KiB of memory and 1 iteration, got "
                        + memoryKib + " KiB and " + iterations);
            }
        }
    }

    /** How long an idle hashing thread lives before it is let go. */
    private static final int IDLE_SECONDS = 60;

    private final Argon2PasswordEncoder encoder;
    private final Scheduler pool;
    private final String dummyHash;

    /**
     * @param threads       hashes computed at once
     * @param queueCapacity hashes that may wait for a thread (per thread, rounded up, as the scheduler counts them)
     */
    Argon2PasswordHasher(Cost cost, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("password hashing needs at least 1 thread and a queue of at least 1, got "
                    + threads + " and " + queueCapacity);
        }
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, cost.memoryKib(), cost.iterations());
        this.pool = Schedulers.newBoundedElastic(threads, (queueCapacity + threads - 1) / threads, "password-hashing",
                IDLE_SECONDS, true);
        // what an unknown user's password is checked against: the same cost as a real user's hash
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    @Override
    public Mono<String> hash(Password password) {
        return onPool(() -> encoder.encode(password.reveal()));
    }

    @Override
    public Mono<Boolean> verify(Password candidate, Optional<String> storedHash) {
        return onPool(() -> encoder.matches(candidate.reveal(), storedHash.orElse(dummyHash)) && storedHash.isPresent());
    }

    @Override
    public void close() {
        pool.dispose();
    }

    private <T> Mono<T> onPool(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(pool)
                .onErrorMap(RejectedExecutionException.class, full -> new PasswordHashingBusyException());
    }
}
