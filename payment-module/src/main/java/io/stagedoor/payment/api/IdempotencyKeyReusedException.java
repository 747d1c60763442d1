package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 422 IDEMPOTENCY_KEY_REUSED: this user sent the same Idempotency-Key before with a different request. */
public final class IdempotencyKeyReusedException extends StagedoorProblem {

    public IdempotencyKeyReusedException(String key) {
        super(ProblemKind.UNPROCESSABLE, "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused",
                "Idempotency-Key '" + key + "' was used before with a different request; use a new key for a new request");
    }
}
