package io.stagedoor.payment.domain;

/**
 * A key is IN_PROGRESS while its first request executes and COMPLETED once its outcome is stored for replay. This
 * version's IN_PROGRESS claims live only inside their uncommitted payment transaction; a committed IN_PROGRESS row was
 * written by an older version of the app.
 */
public enum IdempotencyState {
    IN_PROGRESS,
    COMPLETED
}
