package io.stagedoor.payment.domain;

/** What to do with a request whose key is already stored (see {@link IdempotencyPolicy#decide}). */
public enum IdempotencyDecision {
    /** Same request, first one finished: answer with its stored outcome, do nothing else. */
    REPLAY,
    /** Different request under the same key: 422 IDEMPOTENCY_KEY_REUSED. */
    REFUSE_KEY_REUSED,
    /** Same request, first one still running: wait a little and look again. */
    WAIT,
    /** Same request, but its claim is older than any request can run: the owner died; take the claim over and execute. */
    TAKE_OVER
}
