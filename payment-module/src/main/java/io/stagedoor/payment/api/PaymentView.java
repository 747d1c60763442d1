package io.stagedoor.payment.api;

import java.time.Instant;

/** A recorded payment as clients see it. */
public record PaymentView(long paymentId, long reservationId, long userId, long amount, String status, Instant paidAt) {
}
