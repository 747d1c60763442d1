package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import java.time.Duration;

/**
 * 503 SERVICE_UNAVAILABLE with Retry-After: every password-hashing thread is busy and the bounded queue in front of
 * them is full (a sign-in rush). Refusing at once keeps the rush from starving everything else of CPU and memory.
 */
public class PasswordHashingBusyException extends StagedoorProblem {

    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public PasswordHashingBusyException() {
        super(ProblemKind.UNAVAILABLE, "SERVICE_UNAVAILABLE", "Service unavailable",
                "Too many sign-ins and sign-ups at once; retry shortly");
        setRetryAfter(RETRY_AFTER);
    }
}
