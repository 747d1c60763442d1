package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 409 INSUFFICIENT_BALANCE: the balance is lower than the amount to pay. */
public class InsufficientBalanceException extends StagedoorProblem {

    public InsufficientBalanceException(long userId, long amount, long balance) {
        super(ProblemKind.CONFLICT, "INSUFFICIENT_BALANCE", "Insufficient balance",
                "The balance of user " + userId + " (" + balance + " KRW) is lower than " + amount + " KRW");
    }
}
