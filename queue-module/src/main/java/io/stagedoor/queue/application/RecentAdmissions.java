package io.stagedoor.queue.application;

import io.stagedoor.queue.api.Admission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's memory of tokens Redis recently answered ACTIVE, so a burst of reads by an admitted user costs one
 * Redis round trip per {@code maxAge} instead of one per request. An answer is used for at most {@code maxAge} after
 * it was given and never past the session's own end ({@code activeUntil}); a token this instance expires is forgotten
 * at once. A token ended on another instance (its holder paid there) can therefore still read here for up to
 * {@code maxAge}, the same staleness the availability cache allows; writes never use this memory.
 *
 * <p>Bounded: at {@code maxTokens} entries the stale ones are dropped, and while it stays full new tokens are simply
 * not remembered (each of their reads asks Redis).
 */
public final class RecentAdmissions {

    private final Map<String, Remembered> byToken = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final int maxTokens;
    private final Clock clock;

    public RecentAdmissions(Duration maxAge, int maxTokens, Clock clock) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge may not be negative");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        this.maxAge = maxAge;
        this.maxTokens = maxTokens;
        this.clock = clock;
    }

    /** A memory that never remembers anything: every check asks Redis. */
    public static RecentAdmissions disabled(Clock clock) {
        return new RecentAdmissions(Duration.ZERO, 1, clock);
    }

    public boolean enabled() {
        return !maxAge.isZero();
    }

    /** The remembered admission of this token, if it is still young enough and its session has not ended. */
    public Optional<Admission> recall(String token) {
        Remembered remembered = byToken.get(token);
        if (remembered == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(remembered.usableUntil())) {
            byToken.remove(token, remembered);
            return Optional.empty();
        }
        return Optional.of(remembered.admission());
    }

    /** Remembers an ACTIVE answer Redis just gave. */
    public void remember(Admission admission) {
        if (!enabled()) {
            return;
        }
        Instant now = clock.instant();
        Instant youngUntil = now.plus(maxAge);
        Instant usableUntil = admission.activeUntil().isBefore(youngUntil) ? admission.activeUntil() : youngUntil;
        if (!now.isBefore(usableUntil)) {
            return;
        }
        if (byToken.size() >= maxTokens && !byToken.containsKey(admission.token())) {
            byToken.values().removeIf(r -> !now.isBefore(r.usableUntil()));
            if (byToken.size() >= maxTokens) {
                return;
            }
        }
        byToken.put(admission.token(), new Remembered(admission, usableUntil));
    }

    /** Forgets a token (its session was ended on this instance). */
    public void forget(String token) {
        byToken.remove(token);
    }

    /** Tokens remembered right now (stale ones included until they are next looked at or swept). */
    public int size() {
        return byToken.size();
    }

    private record Remembered(Admission admission, Instant usableUntil) {
    }
}
