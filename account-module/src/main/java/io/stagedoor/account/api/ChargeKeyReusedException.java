package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** 422 IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was first sent with another charge; nothing was charged now. */
public class ChargeKeyReusedException extends AccountProblem {

    public ChargeKeyReusedException(String key) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused",
                "Idempotency-Key '" + key + "' was used for a different charge");
    }
}
