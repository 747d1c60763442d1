package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** 409 INSUFFICIENT_BALANCE: the balance is lower than the amount to pay. */
public class InsufficientBalanceException extends AccountProblem {

    public InsufficientBalanceException(long userId, long amount, long balance) {
        super(HttpStatus.CONFLICT, "INSUFFICIENT_BALANCE", "Insufficient balance",
                "The balance of user " + userId + " (" + balance + " KRW) is lower than " + amount + " KRW");
    }
}
