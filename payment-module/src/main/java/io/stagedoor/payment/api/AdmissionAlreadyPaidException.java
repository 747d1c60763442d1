package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/**
 * 401 QUEUE_TOKEN_INVALID: another payment made with the same queue token committed first. One admission pays once;
 * the token's session ended with that payment, exactly as a later call with it is answered.
 */
public final class AdmissionAlreadyPaidException extends StagedoorProblem {

    public AdmissionAlreadyPaidException() {
        super(ProblemKind.UNAUTHORIZED, "QUEUE_TOKEN_INVALID", "Queue token invalid",
                "This queue token has already paid; one admission pays once");
    }
}
