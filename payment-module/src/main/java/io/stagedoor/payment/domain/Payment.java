package io.stagedoor.payment.domain;

import java.time.Instant;
import java.util.Objects;

/** A completed payment of one reservation. At most one exists per reservation. */
public record Payment(long id, long reservationId, long userId, long amount, PaymentStatus status, Instant paidAt) {

    public Payment {
        if (id <= 0 || reservationId <= 0 || userId <= 0) {
            throw new IllegalArgumentException("payment, reservation and user ids are positive");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("a payment moves a positive amount");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paidAt, "paidAt");
    }

    public static Payment completed(long id, long reservationId, long userId, long amount, Instant paidAt) {
        return new Payment(id, reservationId, userId, amount, PaymentStatus.COMPLETED, paidAt);
    }

    /** The reference the balance ledger entry of this payment carries, e.g. {@code payment:17}. */
    public String ledgerReference() {
        return ledgerReference(id);
    }

    public static String ledgerReference(long paymentId) {
        return "payment:" + paymentId;
    }

    /** The history entry recording that this payment completed. */
    public PaymentEvent completedEvent() {
        return new PaymentEvent(id, PaymentEventType.COMPLETED, amount, ledgerReference(), paidAt);
    }
}
