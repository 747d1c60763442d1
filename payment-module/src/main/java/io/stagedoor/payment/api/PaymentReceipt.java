package io.stagedoor.payment.api;

import java.time.Instant;

/** The answer to a payment (docs/api.md "Payments"): the payment and the balance right after its debit. */
public record PaymentReceipt(long paymentId, long reservationId, long userId, long amount, String status, Instant paidAt,
                             long balance) {
}
