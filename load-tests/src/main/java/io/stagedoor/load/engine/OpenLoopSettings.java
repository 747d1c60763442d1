package io.stagedoor.load.engine;

import java.time.Duration;

/**
 * An open-loop pass: requests due at a fixed rate for {@code warmup + duration}, whatever the answers; only those due
 * after the warm-up are recorded. {@code maxInFlight} bounds what an unanswering server can pile up in the generator:
 * a request due while that many are outstanding is not sent and counts as an error ("backlog"), so it still shows.
 */
public record OpenLoopSettings(double ratePerSecond, Duration warmup, Duration duration, long maxRequests,
                               Duration requestTimeout, int maxInFlight) {

    public OpenLoopSettings {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("duration must be between 0 and 10 minutes");
        }
        if (warmup.isNegative() || warmup.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("warmup must be between 0 and 2 minutes");
        }
        if (maxRequests < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxRequests and maxInFlight must be positive");
        }
    }

    /** The same warm-up, window, cap and timeout as a closed-loop pass, at the given rate. */
    public static OpenLoopSettings at(double ratePerSecond, PassSettings closed, int maxInFlight) {
        return new OpenLoopSettings(ratePerSecond, closed.warmup(), closed.duration(), closed.maxRequests(),
                closed.requestTimeout(), maxInFlight);
    }
}
