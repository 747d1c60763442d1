package io.stagedoor.payment.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Stripe's Idempotency-Key rules as a decision table, for a request whose (user, key) is already stored (committed).
 * A key that is not stored yet is simply claimed and the request executes. The pay service claims inside the payment's
 * transaction and so never commits an IN_PROGRESS key; the IN_PROGRESS rows below are those an older version of the
 * app (which committed its claim on its own) left while running, or after dying.
 *
 * <pre>
 * stored fingerprint | stored state                     | decision
 * -------------------+----------------------------------+------------------
 * different          | any                              | REFUSE_KEY_REUSED (422)
 * same               | COMPLETED                        | REPLAY stored status and body
 * same               | IN_PROGRESS, claim younger than  | WAIT (poll, bounded; then 409 IDEMPOTENCY_REQUEST_IN_PROGRESS)
 *                    | the claim timeout                |
 * same               | IN_PROGRESS, claim older         | TAKE_OVER (the owner died before it committed or released)
 * </pre>
 *
 * Which outcomes are stored is {@link #storesRefusal(int)}: a request that started executing and was refused about a
 * real reservation of the caller, for a reason that a retry would meet again (403, 409, 422), is stored; bad input
 * (400), transient or unexpected failures (5xx, outages) are not, and neither is 404: a payment for a reservation that
 * is not the caller's decided nothing about any reservation of theirs, and storing it would let anyone grow the key
 * table with made-up ids. Nothing is stored under the key, so a retry executes (and meets the same 404).
 */
public final class IdempotencyPolicy {

    private final Duration claimTimeout;

    public IdempotencyPolicy(Duration claimTimeout) {
        Objects.requireNonNull(claimTimeout, "claimTimeout");
        if (claimTimeout.isNegative() || claimTimeout.isZero()) {
            throw new IllegalArgumentException("the claim timeout must be positive");
        }
        this.claimTimeout = claimTimeout;
    }

    public IdempotencyDecision decide(IdempotencyRecord stored, RequestFingerprint request, Instant now) {
        Objects.requireNonNull(stored, "stored");
        if (!stored.fingerprint().matches(request)) {
            return IdempotencyDecision.REFUSE_KEY_REUSED;
        }
        if (stored.state() == IdempotencyState.COMPLETED) {
            return IdempotencyDecision.REPLAY;
        }
        return stored.claimedAt().plus(claimTimeout).isAfter(now) ? IdempotencyDecision.WAIT : IdempotencyDecision.TAKE_OVER;
    }

    /** Whether a refusal with this HTTP status, raised while the request executed, is stored for replay. */
    public boolean storesRefusal(int status) {
        return status == 403 || status == 409 || status == 422;
    }

    public Duration claimTimeout() {
        return claimTimeout;
    }
}
