package io.stagedoor.payment.api;

import org.springframework.http.HttpStatus;

/**
 * 401 QUEUE_TOKEN_INVALID: another payment made with the same queue token committed first. One admission pays once;
 * the token's session ended with that payment, exactly as a later call with it is answered.
 */
public final class AdmissionAlreadyPaidException extends PaymentProblem {

    public AdmissionAlreadyPaidException() {
        super(HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_INVALID", "Queue token invalid",
                "This queue token has already paid; one admission pays once");
    }
}
