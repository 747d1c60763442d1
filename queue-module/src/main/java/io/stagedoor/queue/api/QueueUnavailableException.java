package io.stagedoor.queue.api;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 503 QUEUE_UNAVAILABLE with {@code Retry-After}: the waiting room's store (Redis) did not answer in time or its
 * circuit breaker is open. The gate fails closed on it: nobody passes unchecked.
 */
public class QueueUnavailableException extends QueueProblem {

    private final Duration retryAfter;

    public QueueUnavailableException(Duration retryAfter, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "QUEUE_UNAVAILABLE", "Waiting room unavailable",
                "The waiting room cannot be reached right now; retry after " + seconds(retryAfter) + " s", cause);
        this.retryAfter = retryAfter;
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
