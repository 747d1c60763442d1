package io.stagedoor.payment.domain;

/** A stored key is IN_PROGRESS while its first request executes and COMPLETED once its outcome is stored for replay. */
public enum IdempotencyState {
    IN_PROGRESS,
    COMPLETED
}
