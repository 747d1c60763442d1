package io.stagedoor.payment.api;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a checkout (docs/api.md "Payments"): one payment per reservation, in the order the reservations were
 * named, the total amount, and the balance right after the debits.
 */
public record CheckoutReceipt(List<Long> paymentIds, List<Long> reservationIds, long userId, long amount, String status,
                              Instant paidAt, long balance) {

    public CheckoutReceipt {
        paymentIds = List.copyOf(paymentIds);
        reservationIds = List.copyOf(reservationIds);
    }
}
