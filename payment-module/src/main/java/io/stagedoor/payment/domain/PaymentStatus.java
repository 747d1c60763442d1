package io.stagedoor.payment.domain;

/** A payment exists only once it is complete: it is written in the same transaction that debits and sells. */
public enum PaymentStatus {
    COMPLETED
}
