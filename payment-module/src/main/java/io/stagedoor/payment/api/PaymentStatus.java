package io.stagedoor.payment.api;

/** A payment's status as the api answers it; a payment is recorded only once it is complete. */
public enum PaymentStatus {
    COMPLETED
}
