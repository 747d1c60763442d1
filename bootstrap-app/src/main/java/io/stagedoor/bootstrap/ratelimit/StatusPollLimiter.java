package io.stagedoor.bootstrap.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The status-poll limit, per Queue-Token and kept in this instance's memory: up to {@code burst} polls back to back,
 * then one per {@code spacing}. Memory, not Redis, because the status poll is the hottest call and answers without a
 * Redis round trip; a limit that asked Redis would double the Redis calls it exists to save. The price: behind a load
 * balancer that spreads one client's polls over n instances, that client may poll up to n times as often. The limit
 * is there to stop a client from hammering one instance in a loop, not to account for polls exactly, and the
 * waiting room itself never depends on it (a fast poller gets no better place).
 *
 * <p>Each token's bucket is one number (the time its next poll would be "due", as in GCRA), changed by
 * compare-and-set; a token not seen for a full bucket's time is forgotten (it would start full anyway), and at most
 * {@code tokens} are remembered.
 */
final class StatusPollLimiter {

    private final long spacingNanos;
    private final long burstNanos;
    private final Cache<String, AtomicLong> due;
    private final LongSupplier nanoTime;

    StatusPollLimiter(int burst, Duration spacing, int tokens, LongSupplier nanoTime) {
        this.spacingNanos = spacing.toNanos();
        this.burstNanos = spacingNanos * burst;
        this.nanoTime = nanoTime;
        this.due = Caffeine.newBuilder()
                .maximumSize(tokens)
                .expireAfterAccess(Duration.ofNanos(Math.max(burstNanos, Duration.ofSeconds(1).toNanos())))
                .build();
    }

    /** Counts one poll of {@code token}: allowed, or refused with how long until a poll would be allowed. */
    Decision poll(String token) {
        long now = nanoTime.getAsLong();
        AtomicLong cell = due.get(token, absent -> new AtomicLong(now));
        while (true) {
            long current = cell.get();
            long base = current - now < 0 ? now : current;
            long next = base + spacingNanos;
            long wait = next - burstNanos - now;
            if (wait > 0) {
                return Decision.refused(Duration.ofNanos(wait));
            }
            if (cell.compareAndSet(current, next)) {
                return Decision.ALLOWED;
            }
        }
    }
}
