package io.stagedoor.concert.adapter.out.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How holds are batched: at most {@code maxSize} holds per statement, at most {@code maxInFlight} batch statements at
 * once, and a batch statement still running after {@code timeout} fails its callers (so a hung statement cannot keep its
 * slot forever; callers have given up by then anyway, the request deadline is the same order).
 */
public record HoldBatching(int maxSize, int maxInFlight, Duration timeout) {

    public HoldBatching {
        if (maxSize < 1) {
            throw new IllegalArgumentException("hold batch max-size must be at least 1: " + maxSize);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("hold batch max-in-flight must be at least 1: " + maxInFlight);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("hold batch timeout must be positive: " + timeout);
        }
    }

    /** One hold per statement: the batcher is not worth its queue, callers go straight to the single statement. */
    public boolean isSingleHold() {
        return maxSize == 1;
    }
}
