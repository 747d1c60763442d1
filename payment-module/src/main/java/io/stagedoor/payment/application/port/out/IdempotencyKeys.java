package io.stagedoor.payment.application.port.out;

import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The stored Idempotency-Keys, scoped to a user.
 *
 * <p>{@link #claim} and {@link #takeOver} run inside the caller's payment transaction: the claim is never visible to
 * anyone else before that transaction commits, and it commits only together with the payment and the key's COMPLETED
 * outcome (see {@link PaymentRecords#record}). This code therefore never commits an IN_PROGRESS row; such rows exist
 * only when an older version of the app (which committed its claim on its own) wrote them or died before finishing.
 */
public interface IdempotencyKeys {

    /** This request owns the key: its attempt number and the payment id reserved by the same statement. */
    record Claim(int attempt, long paymentId) {
    }

    /**
     * Stores the key IN_PROGRESS (attempt 1) in the caller's transaction unless it is stored already, and reserves the
     * next payment id in the same statement. Empty when the key is stored: then its owner's transaction has ended (a
     * claimant meeting an uncommitted claim of the key waits on the key's unique index until the owner commits — the
     * key is taken — or rolls back — this claimant owns it).
     */
    Mono<Claim> claim(long userId, IdempotencyKey key, RequestFingerprint fingerprint, Instant now);

    /** The committed record of the key, if any. */
    Mono<IdempotencyRecord> find(long userId, IdempotencyKey key);

    /**
     * Takes over a stale IN_PROGRESS claim whose owner is gone, in the caller's transaction: succeeds (the new attempt
     * number and a reserved payment id) only if the claim is still at {@code staleAttempt}; empty when someone else
     * completed, released or took it first.
     */
    Mono<Claim> takeOver(long userId, IdempotencyKey key, int staleAttempt, Instant now);

    /**
     * Stores a checkout's paid outcome under the key this transaction claimed ({@code attempt} must own its IN_PROGRESS
     * claim), in the caller's transaction. Emits whether it did; false must roll the transaction back.
     */
    Mono<Boolean> complete(long userId, IdempotencyKey key, int attempt, PaymentOutcome outcome, Instant now);

    /**
     * After a refused payment rolled back: stores the refusal COMPLETED in its own statement, so a retry replays it.
     * Inserts the key when it is not stored; when the refused attempt had taken over a stale IN_PROGRESS claim
     * ({@code takenOverAttempt} &gt; 0) completes that row if it is still at that attempt. Never overwrites anything
     * else (a key completed meanwhile by a concurrent request keeps its outcome). Emits whether the refusal was stored.
     */
    Mono<Boolean> storeRefusal(long userId, IdempotencyKey key, RequestFingerprint fingerprint, int takenOverAttempt,
                               PaymentOutcome.Refused refusal, Instant now);

    /** Deletes keys created before the cutoff, in batches, skipping rows another instance is deleting. */
    Mono<Long> purgeCreatedBefore(Instant cutoff);
}
