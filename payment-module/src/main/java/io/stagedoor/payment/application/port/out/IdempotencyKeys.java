package io.stagedoor.payment.application.port.out;

import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The stored Idempotency-Keys, scoped to a user. Claims are committed on their own (so other requests see them);
 * {@link #complete} joins the caller's transaction so the outcome commits with the payment.
 */
public interface IdempotencyKeys {

    /** The outcome of trying to claim a key: either this request owns it now, or someone stored it before. */
    sealed interface Claim {
        record Owned(int attempt) implements Claim {
        }

        record Taken(IdempotencyRecord record) implements Claim {
        }
    }

    /** Stores the key IN_PROGRESS for this request unless it is stored already; exactly one concurrent claimant owns it. */
    Mono<Claim> claim(long userId, IdempotencyKey key, RequestFingerprint fingerprint, Instant now);

    /**
     * Takes over a stale IN_PROGRESS claim whose owner is gone: succeeds (emitting the new attempt number) only if the
     * claim is still at {@code staleAttempt}; empty when someone else completed, released or took it first.
     */
    Mono<Integer> takeOver(long userId, IdempotencyKey key, int staleAttempt, Instant now);

    /**
     * Stores the outcome and marks the key COMPLETED, if this attempt still owns the claim. Emits whether it did.
     * Joins the caller's transaction.
     */
    Mono<Boolean> complete(long userId, IdempotencyKey key, int attempt, PaymentOutcome outcome, Instant now);

    /** Forgets this attempt's IN_PROGRESS claim so a retry executes (nothing stored for replay). */
    Mono<Void> release(long userId, IdempotencyKey key, int attempt);

    /** Deletes keys created before the cutoff, in batches, skipping rows another instance is deleting. */
    Mono<Long> purgeCreatedBefore(Instant cutoff);
}
