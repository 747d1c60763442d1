package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** The refusal a charge got the first time under its Idempotency-Key, given again exactly as it was. */
public class ReplayedChargeRefusalException extends StagedoorProblem {

    public ReplayedChargeRefusalException(int status, String code, String title, String detail) {
        super(ProblemKind.ofStatus(status), code, title, detail);
    }
}
