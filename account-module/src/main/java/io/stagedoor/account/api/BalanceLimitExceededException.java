package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** 409 BALANCE_LIMIT_EXCEEDED: the credit would take the balance past the maximum balance. */
public class BalanceLimitExceededException extends AccountProblem {

    public BalanceLimitExceededException(long userId, long amount, long balance, long maxBalance) {
        super(HttpStatus.CONFLICT, "BALANCE_LIMIT_EXCEEDED", "Balance limit exceeded",
                "Adding " + amount + " KRW to the balance of user " + userId + " (" + balance
                        + " KRW) would pass the maximum balance of " + maxBalance + " KRW");
    }
}
