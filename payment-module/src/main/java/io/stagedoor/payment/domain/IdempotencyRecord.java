package io.stagedoor.payment.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What is stored under one (user, key): the fingerprint of the first request, its state, which attempt owns it
 * (a stale claim taken over gets the next attempt number) and, once COMPLETED, the outcome to replay.
 */
public record IdempotencyRecord(RequestFingerprint fingerprint, IdempotencyState state, int attempt, Instant claimedAt,
                                PaymentOutcome outcome) {

    public IdempotencyRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(claimedAt, "claimedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        if ((state == IdempotencyState.COMPLETED) != (outcome != null)) {
            throw new IllegalArgumentException("a COMPLETED key carries its outcome, an IN_PROGRESS one none");
        }
    }

    public static IdempotencyRecord inProgress(RequestFingerprint fingerprint, int attempt, Instant claimedAt) {
        return new IdempotencyRecord(fingerprint, IdempotencyState.IN_PROGRESS, attempt, claimedAt, null);
    }

    public static IdempotencyRecord completed(RequestFingerprint fingerprint, int attempt, Instant claimedAt, PaymentOutcome outcome) {
        return new IdempotencyRecord(fingerprint, IdempotencyState.COMPLETED, attempt, claimedAt, outcome);
    }
}
