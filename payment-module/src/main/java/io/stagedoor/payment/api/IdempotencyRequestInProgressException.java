package io.stagedoor.payment.api;

import org.springframework.http.HttpStatus;

/**
 * 409 IDEMPOTENCY_REQUEST_IN_PROGRESS: the first request with this Idempotency-Key is still running and did not finish
 * within the wait; retry shortly (Retry-After) to get its outcome.
 */
public final class IdempotencyRequestInProgressException extends PaymentProblem {

    public IdempotencyRequestInProgressException(String key) {
        super(HttpStatus.CONFLICT, "IDEMPOTENCY_REQUEST_IN_PROGRESS", "Request in progress",
                "A request with Idempotency-Key '" + key + "' is still being processed; retry shortly");
        getHeaders().set("Retry-After", "1");
    }
}
