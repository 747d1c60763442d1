package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** The refusal a charge got the first time under its Idempotency-Key, given again exactly as it was. */
public class ReplayedChargeRefusalException extends AccountProblem {

    public ReplayedChargeRefusalException(int status, String code, String title, String detail) {
        super(HttpStatus.valueOf(status), code, title, detail);
    }
}
