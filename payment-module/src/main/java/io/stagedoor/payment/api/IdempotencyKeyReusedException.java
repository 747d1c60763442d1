package io.stagedoor.payment.api;

import org.springframework.http.HttpStatus;

/** 422 IDEMPOTENCY_KEY_REUSED: this user sent the same Idempotency-Key before with a different request. */
public final class IdempotencyKeyReusedException extends PaymentProblem {

    public IdempotencyKeyReusedException(String key) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused",
                "Idempotency-Key '" + key + "' was used before with a different request; use a new key for a new request");
    }
}
