package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 409 BALANCE_LIMIT_EXCEEDED: the credit would take the balance past the maximum balance. */
public class BalanceLimitExceededException extends StagedoorProblem {

    public BalanceLimitExceededException(long userId, long amount, long balance, long maxBalance) {
        super(ProblemKind.CONFLICT, "BALANCE_LIMIT_EXCEEDED", "Balance limit exceeded",
                "Adding " + amount + " KRW to the balance of user " + userId + " (" + balance
                        + " KRW) would pass the maximum balance of " + maxBalance + " KRW");
    }
}
