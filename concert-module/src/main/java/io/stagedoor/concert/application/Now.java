package io.stagedoor.concert.application;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * "Now" for one use case, read once from the injected clock and passed into SQL as a parameter, so the domain rules
 * and the database judge expiry against the very same instant. Truncated to PostgreSQL's microsecond precision, so a
 * value written (an expiry) is exactly the value the rules compare later.
 */
final class Now {

    private Now() {
    }

    static Instant of(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
