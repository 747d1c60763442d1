package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 422 IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was first sent with another charge; nothing was charged now. */
public class ChargeKeyReusedException extends StagedoorProblem {

    public ChargeKeyReusedException(String key) {
        super(ProblemKind.UNPROCESSABLE, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused",
                "Idempotency-Key '" + key + "' was used for a different charge");
    }
}
