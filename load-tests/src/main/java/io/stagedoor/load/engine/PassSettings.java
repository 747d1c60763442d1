package io.stagedoor.load.engine;

import java.time.Duration;

/**
 * A closed-loop pass: {@code concurrency} workers, each sending its next request when the previous one answered.
 * The pass stops at whichever comes first: {@code warmup + duration} elapsed, {@code maxRequests} sent (warm-up
 * included), or the operation running out of work. Requests started during the warm-up are not recorded.
 */
public record PassSettings(int concurrency, Duration warmup, Duration duration, long maxRequests, Duration requestTimeout) {

    public PassSettings {
        if (concurrency < 1 || concurrency > 4096) {
            throw new IllegalArgumentException("concurrency must be between 1 and 4096");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("duration must be between 0 and 10 minutes");
        }
        if (warmup.isNegative() || warmup.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("warmup must be between 0 and 2 minutes");
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be positive");
        }
    }

    public PassSettings withConcurrency(int newConcurrency) {
        return new PassSettings(newConcurrency, warmup, duration, maxRequests, requestTimeout);
    }

    public PassSettings withWarmup(Duration newWarmup) {
        return new PassSettings(concurrency, newWarmup, duration, maxRequests, requestTimeout);
    }

    public PassSettings withMaxRequests(long newMax) {
        return new PassSettings(concurrency, warmup, duration, newMax, requestTimeout);
    }

    public PassSettings withDuration(Duration newDuration) {
        return new PassSettings(concurrency, warmup, newDuration, maxRequests, requestTimeout);
    }
}
