package io.stagedoor.payment.application.port.out;

import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The payment schema's side of a batch of payments in one transaction: one statement to claim every key and reserve
 * every payment id, one to record every payment (with its history event and its key's outcome) and give back the
 * claims of requests that left the batch. Both join the caller's transaction. A batch holds at most one request per
 * user, so the user id names a request.
 */
public interface PaymentBatches {

    /** A request of the batch as the claim sees it; {@code key} and {@code fingerprint} are null without a key. */
    record ClaimRequest(long userId, IdempotencyKey key, RequestFingerprint fingerprint) {
    }

    /** A paid request: the outcome stored under its key (null without a key), attempt 1 of a fresh claim. */
    record Recorded(PaymentOutcome.Paid paid, IdempotencyKey key) {
    }

    /** A fresh claim this transaction made for a request that then left the batch. */
    record Released(long userId, IdempotencyKey key) {
    }

    /**
     * Claims every key IN_PROGRESS (attempt 1) unless it is stored already, in user and key order (so overlapping
     * batches wait on each other's keys instead of deadlocking), and reserves a payment id for every claimed or keyless
     * request. Emits user id → payment id; a request whose key is stored is absent (its owner's transaction has ended).
     */
    Mono<Map<Long, Long>> claimAll(List<ClaimRequest> requests, Instant now);

    /**
     * In ONE statement: every payment, its COMPLETED history event and its key's COMPLETED outcome, and the deletion of
     * the released claims. Fails unless every payment and every key outcome was written (the caller's transaction must
     * then roll back).
     */
    Mono<Void> recordAll(List<Recorded> paid, List<Released> released);
}
