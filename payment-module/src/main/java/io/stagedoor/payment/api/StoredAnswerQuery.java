package io.stagedoor.payment.api;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The answer stored under a user's Idempotency-Key for the same request, found without a queue token: a retry of a
 * payment that ended the token's session must still get its first answer. Emits the stored receipt, fails with the
 * stored refusal ({@link ReplayedRefusalException}), or is empty when the key holds no completed answer to this
 * request (unknown, still running, or sent with another request).
 */
public interface StoredAnswerQuery {

    Mono<PaymentReceipt> storedPayment(UserId userId, String idempotencyKey, ReservationId reservationId);

    Mono<CheckoutReceipt> storedCheckout(UserId userId, String idempotencyKey, List<ReservationId> reservationIds);
}
