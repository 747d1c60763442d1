package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** 400 INVALID_AMOUNT: a charge amount outside the allowed range (1 up to the per-charge maximum). */
public class InvalidAmountException extends AccountProblem {

    public InvalidAmountException(String detail) {
        super(HttpStatus.BAD_REQUEST, "INVALID_AMOUNT", "Invalid amount", detail);
    }
}
