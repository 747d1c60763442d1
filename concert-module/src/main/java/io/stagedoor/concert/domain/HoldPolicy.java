package io.stagedoor.concert.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a seat stays held for the user who took it. A hold taken at {@code heldAt} is live while
 * {@code now < expiresAt}; from {@code expiresAt} on the seat is free for anyone and the old holder can no longer pay.
 */
public record HoldPolicy(Duration holdDuration) {

    public static final Duration DEFAULT_HOLD_DURATION = Duration.ofMinutes(5);
    public static final Duration MAX_HOLD_DURATION = Duration.ofDays(1);

    public HoldPolicy {
        Objects.requireNonNull(holdDuration, "holdDuration");
        if (holdDuration.isNegative() || holdDuration.isZero()) {
            throw new IllegalArgumentException("hold duration must be positive: " + holdDuration);
        }
        if (holdDuration.compareTo(MAX_HOLD_DURATION) > 0) {
            throw new IllegalArgumentException("hold duration must be at most " + MAX_HOLD_DURATION + ": " + holdDuration);
        }
    }

    public static HoldPolicy standard() {
        return new HoldPolicy(DEFAULT_HOLD_DURATION);
    }

    /** When a hold taken at {@code heldAt} runs out. */
    public Instant expiresAt(Instant heldAt) {
        return heldAt.plus(holdDuration);
    }

    /** The one definition of "live": strictly before the expiry instant. */
    public static boolean isLive(Instant expiresAt, Instant now) {
        return now.isBefore(expiresAt);
    }
}
