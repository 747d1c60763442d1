package io.stagedoor.payment.api;

import io.stagedoor.common.id.PaymentId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.time.Instant;

/** A recorded payment as clients see it. */
public record PaymentView(PaymentId paymentId, ReservationId reservationId, UserId userId, Krw amount,
                          PaymentStatus status, Instant paidAt) {
}
