package io.stagedoor.payment.application.port.out;

import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where payments and their append-only history are kept. The writes join the caller's transaction. */
public interface PaymentRecords {

    /** How {@link #record} ended. */
    enum Recording {
        /** Payment, history event and (if given) the key's outcome are written. */
        RECORDED,
        /** The reservation already has a payment (the unique reservation_id, the exactly-once safety net): nothing written. */
        RESERVATION_ALREADY_PAID,
        /** The payment would have been written, but the given attempt does not own the key's IN_PROGRESS claim. */
        KEY_NOT_OWNED
    }

    /** Reserves the id of the next payment (so its ledger entry can name it before the payment row exists). */
    Mono<Long> nextPaymentId();

    /** Reserves the ids of the next {@code count} payments, in one statement (a checkout's payments). */
    Flux<Long> nextPaymentIds(int count);

    /**
     * In ONE statement: records the completed payment and its COMPLETED history event and, when {@code key} is given,
     * stores the paid outcome under the key (marking it COMPLETED; {@code attempt} must own its IN_PROGRESS claim).
     * Anything but {@link Recording#RECORDED} must roll the caller's transaction back.
     */
    Mono<Recording> record(PaymentOutcome.Paid paid, IdempotencyKey key, int attempt);

    /** The user's payments newest first, after the user's payment {@code afterPaymentId} (null: from the newest). */
    Flux<Payment> ofUser(long userId, Long afterPaymentId, int limit);
}
