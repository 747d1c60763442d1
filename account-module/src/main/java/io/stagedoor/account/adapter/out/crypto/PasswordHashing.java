package io.stagedoor.account.adapter.out.crypto;

import io.stagedoor.account.application.port.out.PasswordHasher;
import java.util.Objects;

/**
 * The module's password hashing (Argon2id on a bounded pool of its own), handed out as the application's port; the
 * hasher itself stays package-private. {@link #close()} stops the pool.
 */
public final class PasswordHashing implements AutoCloseable {

    private final Argon2PasswordHasher hasher;

    /** Argon2id at {@code memoryKib} KiB and {@code iterations}, on {@code threads} threads, {@code queue} waiting at most. */
    public PasswordHashing(int memoryKib, int iterations, int threads, int queue) {
        this.hasher = new Argon2PasswordHasher(new Argon2PasswordHasher.Cost(memoryKib, iterations), threads, queue);
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    @Override
    public void close() {
        Objects.requireNonNull(hasher).close();
    }
}
