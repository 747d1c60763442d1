package io.stagedoor.queue.domain;

import java.time.Duration;

/**
 * When a waiter should ask again: a quarter of its estimated wait, so it grows with the distance from the front,
 * kept between {@code min} and {@code max}. {@code max} stays well under the abandon grace period, so a client that
 * follows the advice is never taken for gone.
 */
public record PollingPolicy(Duration min, Duration max) {

    public static final Duration DEFAULT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);

    public PollingPolicy {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("polling bounds must satisfy 0 < min <= max");
        }
    }

    /** 1 s .. 30 s, with the upper bound lowered to a third of the abandon grace period when that is shorter. */
    public static PollingPolicy forAbandonAfter(Duration abandonAfter) {
        Duration max = abandonAfter.dividedBy(3).compareTo(DEFAULT_MAX) < 0 ? abandonAfter.dividedBy(3) : DEFAULT_MAX;
        Duration min = max.compareTo(DEFAULT_MIN) < 0 ? max : DEFAULT_MIN;
        return new PollingPolicy(min, max);
    }

    public long pollAfterMillis(long estimatedWaitSeconds) {
        long quarter = Math.max(0, estimatedWaitSeconds) * 250;
        return Math.max(min.toMillis(), Math.min(max.toMillis(), quarter));
    }

    /** A paused room admits nobody until an operator resumes it: the longest hint (still within the grace period). */
    public long whilePausedMillis() {
        return max.toMillis();
    }

    /** An admitted client has nothing to wait for; it may check back rarely. */
    public long whenActiveMillis() {
        return max.toMillis();
    }
}
