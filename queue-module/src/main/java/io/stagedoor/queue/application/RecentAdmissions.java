package io.stagedoor.queue.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.stagedoor.queue.api.Admission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * This instance's memory of tokens Redis recently answered ACTIVE, so a burst of reads by an admitted user costs one
 * Redis round trip per {@code maxAge} instead of one per request. An answer is used for at most {@code maxAge} after
 * it was given and never past the session's own end ({@code activeUntil}); a token this instance expires is forgotten
 * at once. A token ended on another instance (its holder paid there) can therefore still read here for up to
 * {@code maxAge}, the same staleness the availability cache allows; writes never use this memory.
 *
 * <p>Held in a Caffeine cache of at most {@code maxTokens} tokens: each entry expires at its own end (the earlier of
 * the two above), and when full the least useful token is dropped in constant time. Time is the injected
 * {@link Clock}, read by Caffeine through a {@link Ticker} over it, so tests move both with one clock.
 */
final class RecentAdmissions {

    private final Cache<String, Remembered> byToken;
    private final Duration maxAge;
    private final Clock clock;

    RecentAdmissions(Duration maxAge, int maxTokens, Clock clock) {
        this(maxAge, maxTokens, clock, ForkJoinPool.commonPool());
    }

    /** With the executor Caffeine's upkeep runs on; tests pass {@code Runnable::run} to see it at once. */
    RecentAdmissions(Duration maxAge, int maxTokens, Clock clock, Executor upkeep) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge may not be negative");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        this.maxAge = maxAge;
        this.clock = clock;
        this.byToken = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .ticker(ticker(clock))
                .expireAfter(new UntilUnusable())
                .executor(upkeep)
                .build();
    }

    /** A memory that never remembers anything: every check asks Redis. */
    static RecentAdmissions disabled(Clock clock) {
        return new RecentAdmissions(Duration.ZERO, 1, clock);
    }

    public boolean enabled() {
        return !maxAge.isZero();
    }

    /** The remembered admission of this token, if it is still young enough and its session has not ended. */
    public Optional<Admission> recall(String token) {
        Remembered remembered = byToken.getIfPresent(token);
        // Caffeine has dropped an entry by its end already; the check keeps the rule exact whatever its upkeep does
        if (remembered == null || !clock.instant().isBefore(remembered.usableUntil())) {
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
        byToken.put(admission.token(), new Remembered(admission, usableUntil));
    }

    /** Forgets a token (its session was ended on this instance). */
    public void forget(String token) {
        byToken.invalidate(token);
    }

    /** Tokens remembered right now (after any pending upkeep, so ended ones are not counted). */
    public long size() {
        byToken.cleanUp();
        return byToken.estimatedSize();
    }

    /** Nanoseconds since the epoch by {@code clock}: Caffeine's time and the rule's are the same clock. */
    private static Ticker ticker(Clock clock) {
        return () -> nanos(clock.instant());
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** Each entry lives until its own usableUntil, whatever reads it. */
    private static final class UntilUnusable implements Expiry<String, Remembered> {

        @Override
        public long expireAfterCreate(String token, Remembered remembered, long currentTime) {
            return Math.max(0, nanos(remembered.usableUntil()) - currentTime);
        }

        @Override
        public long expireAfterUpdate(String token, Remembered remembered, long currentTime, long currentDuration) {
            return expireAfterCreate(token, remembered, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Remembered remembered, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private record Remembered(Admission admission, Instant usableUntil) {
    }
}
