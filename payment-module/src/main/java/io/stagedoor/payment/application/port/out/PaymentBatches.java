package io.stagedoor.payment.application.port.out;

import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The payment schema's side of a batch of payments in one transaction: one statement to claim every key, mark every
 * token's admission used and reserve every payment id, one to record every payment (with its history event and its
 * key's outcome) and give back what requests that left the batch had taken. Both join the caller's transaction. A
 * batch holds at most one request per user, so the user id names a request.
 */
public interface PaymentBatches {

    /**
     * A request of the batch as its opening statement sees it; {@code key} and {@code fingerprint} are null without a
     * key; {@code admission} is its token's admission as stored (distinct within a batch).
     */
    record Opening(long userId, IdempotencyKey key, RequestFingerprint fingerprint, String admission) {
    }

    /** A request that got its claim (or has no key): its payment id, and whether its admission is now this batch's. */
    record Opened(long paymentId, boolean admitted) {
    }

    /** A paid request: the outcome stored under its key (null without a key), attempt 1 of a fresh claim. */
    record Recorded(PaymentOutcome.Paid paid, IdempotencyKey key) {
    }

    /** A fresh claim this transaction made for a request that then left the batch. */
    record Released(long userId, IdempotencyKey key) {
    }

    /**
     * In ONE statement, in the lock order of every payment path (keys, then admissions): claims every key IN_PROGRESS
     * (attempt 1) unless it is stored already, in user and key order (so overlapping batches wait on each other's keys
     * instead of deadlocking); then, for every claimed or keyless request only, marks its admission used, in admission
     * order (a use another payment made first stays that payment's); and reserves a payment id for every claimed or
     * keyless request. Emits user id → {@link Opened}; a request whose key is stored is absent (its owner's transaction
     * has ended).
     */
    Mono<Map<Long, Opened>> openAll(List<Opening> requests, Instant now);

    /**
     * In ONE statement: every payment, its COMPLETED history event and its key's COMPLETED outcome, the deletion of the
     * released claims, and the admissions this transaction marked used for requests it did not pay given back. Fails
     * unless every payment and every key outcome was written (the caller's transaction must then roll back).
     */
    Mono<Void> recordAll(List<Recorded> paid, List<Released> released, List<String> unusedAdmissions);
}
