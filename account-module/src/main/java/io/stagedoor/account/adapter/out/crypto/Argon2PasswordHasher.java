package io.stagedoor.account.adapter.out.crypto;

import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.PasswordHashingBusyException;
import io.stagedoor.account.application.port.out.PasswordHasher;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import reactor.core.publisher.Mono;

/**
 * Argon2id hashes (spring-security-crypto's encoder on Bouncy Castle; PHC strings that carry their own parameters, so a
 * hash made at another cost still verifies) computed on a small pool of its own threads, never on an event loop.
 *
 * <p>The pool is bounded twice: a fixed number of threads (each hash holds {@code memoryKib} of memory while it runs)
 * and a fixed-size queue in front of them. A request that finds the queue full is refused at once with
 * {@link PasswordHashingBusyException} (503 with Retry-After), so a sign-in rush costs at most the pool's threads and
 * never starves the event loops or grows an unbounded backlog. A request cancelled while queued (its client left, its
 * deadline passed) is not hashed.
 */
public final class Argon2PasswordHasher implements PasswordHasher, AutoCloseable {

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

    private final Argon2PasswordEncoder encoder;
    private final ThreadPoolExecutor pool;
    private final String dummyHash;

    public Argon2PasswordHasher(Cost cost, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("password hashing needs at least 1 thread and a queue of at least 1, got "
                    + threads + " and " + queueCapacity);
        }
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, cost.memoryKib(), cost.iterations());
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
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

    /** Hashes waiting for a thread right now. */
    public int queued() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private <T> Mono<T> onPool(Callable<T> work) {
        return Mono.create(sink -> {
            Future<?> task;
            try {
                task = pool.submit(() -> {
                    try {
                        sink.success(work.call());
                    } catch (Throwable failure) {
                        sink.error(failure);
                    }
                });
            } catch (RejectedExecutionException full) {
                sink.error(new PasswordHashingBusyException());
                return;
            }
            sink.onCancel(() -> task.cancel(false));
        });
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
