package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import java.time.Duration;

/**
 * 409 IDEMPOTENCY_REQUEST_IN_PROGRESS: the first request with this Idempotency-Key is still running and did not finish
 * within the wait; retry shortly (Retry-After) to get its outcome. Only a claim committed IN_PROGRESS — by an older
 * version of the app, which committed claims on their own — is waited on this way; a duplicate of a payment of this
 * version waits on the claim's row lock until the payment commits or rolls back.
 */
public final class IdempotencyRequestInProgressException extends StagedoorProblem {

    public IdempotencyRequestInProgressException(String key) {
        super(ProblemKind.CONFLICT, "IDEMPOTENCY_REQUEST_IN_PROGRESS", "Request in progress",
                "A request with Idempotency-Key '" + key + "' is still being processed; retry shortly");
        setRetryAfter(Duration.ofSeconds(1));
    }
}
