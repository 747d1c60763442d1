package io.stagedoor.payment.api;

import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a checkout (docs/api.md "Payments"): one payment per reservation, in the order the reservations were
 * named, the total amount, and the balance right after the debits.
 */
public record CheckoutReceipt(List<PaymentId> paymentIds, List<ReservationId> reservationIds, UserId userId, Krw amount,
                              PaymentStatus status, Instant paidAt, Krw balance) {

    public CheckoutReceipt {
        paymentIds = List.copyOf(paymentIds);
        reservationIds = List.copyOf(reservationIds);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(balance, "balance");
    }
}
