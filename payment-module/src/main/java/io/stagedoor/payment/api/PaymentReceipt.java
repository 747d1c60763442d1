package io.stagedoor.payment.api;

import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.time.Instant;
import java.util.Objects;

/** The answer to a payment (docs/api.md "Payments"): the payment and the balance right after its debit. */
public record PaymentReceipt(PaymentId paymentId, ReservationId reservationId, UserId userId, Krw amount,
                             PaymentStatus status, Instant paidAt, Krw balance) {

    public PaymentReceipt {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(balance, "balance");
    }
}
