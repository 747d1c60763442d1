package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import java.time.Duration;

/**
 * 503 QUEUE_UNAVAILABLE with {@code Retry-After}: the waiting room's store (Redis) did not answer in time or its
 * circuit breaker is open. The gate fails closed on it: nobody passes unchecked.
 */
public class QueueUnavailableException extends StagedoorProblem {

    public QueueUnavailableException(Duration retryAfter, Throwable cause) {
        this(retryAfter, "The waiting room cannot be reached right now; retry after " + seconds(retryAfter) + " s", cause);
    }

    /** The same answer with its own detail (e.g. this instance holds as many event streams as it may). */
    public QueueUnavailableException(Duration retryAfter, String detail, Throwable cause) {
        super(ProblemKind.UNAVAILABLE, "QUEUE_UNAVAILABLE", "Waiting room unavailable", detail, cause);
        setRetryAfter(Duration.ofSeconds(seconds(retryAfter)));
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
