package io.stagedoor.payment.api;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The answer stored under a user's Idempotency-Key for the same request, found without a queue token: a retry of a
 * payment that ended the token's session must still get its first answer. Emits the stored receipt, fails with the
 * stored refusal ({@link ReplayedRefusalException}), or is empty when the key holds no completed answer to this
 * request (unknown, still running, or sent with another request).
 */
public interface StoredAnswerQuery {

    Mono<PaymentReceipt> storedPayment(long userId, String idempotencyKey, long reservationId);

    Mono<CheckoutReceipt> storedCheckout(long userId, String idempotencyKey, List<Long> reservationIds);
}
