package io.stagedoor.bootstrap.persistence;

import java.time.Clock;
import java.util.Objects;

/**
 * This instance's own clock, which {@link DatabaseClock} sets to PostgreSQL's. The system clock unless a bean of this
 * type is registered (a test runs an instance whose clock is off this way).
 */
public record LocalClock(Clock clock) {

    public LocalClock {
        Objects.requireNonNull(clock);
    }
}
