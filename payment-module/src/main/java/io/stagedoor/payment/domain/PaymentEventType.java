package io.stagedoor.payment.domain;

/** What happened to a payment; its history only ever grows. */
public enum PaymentEventType {
    /** Reservation confirmed, balance debited and payment recorded, all in one transaction. */
    COMPLETED
}
