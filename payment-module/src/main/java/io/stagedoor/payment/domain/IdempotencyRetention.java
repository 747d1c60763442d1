package io.stagedoor.payment.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** How long stored keys are kept. At least 24 hours, so a client may retry a payment for a whole day. */
public record IdempotencyRetention(Duration duration) {

    public static final Duration MINIMUM = Duration.ofHours(24);

    public IdempotencyRetention {
        Objects.requireNonNull(duration, "duration");
        if (duration.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException("idempotency keys must be kept at least " + MINIMUM + " (was " + duration + ")");
        }
    }

    /** Keys created before this instant may be purged. */
    public Instant purgeBefore(Instant now) {
        return now.minus(duration);
    }
}
