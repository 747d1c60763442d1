package io.stagedoor.queue.application;

import io.stagedoor.queue.domain.PollingPolicy;
import io.stagedoor.queue.domain.RoomSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The waiting room's configuration: the settings a room has until an operator changes them, and how long a waiter
 * may stay silent before its place is given up.
 */
public record QueueRules(RoomSettings defaults, Duration abandonAfter) {

    public QueueRules {
        Objects.requireNonNull(defaults, "defaults");
        if (abandonAfter == null || abandonAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("abandonAfter must be at least one second");
        }
    }

    public PollingPolicy polling() {
        return PollingPolicy.forAbandonAfter(abandonAfter);
    }
}
