package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 400 INVALID_AMOUNT: a charge amount outside the allowed range (1 up to the per-charge maximum). */
public class InvalidAmountException extends StagedoorProblem {

    public InvalidAmountException(String detail) {
        super(ProblemKind.BAD_REQUEST, "INVALID_AMOUNT", "Invalid amount", detail);
    }
}
