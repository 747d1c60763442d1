package io.stagedoor.queue.api;

/** Where a queue token stands; clients read the name. */
public enum QueueStatus {
    /** In line: not admitted yet. */
    WAITING,
    /** Admitted: the token opens the concert's gated routes until {@code activeUntil}. */
    ACTIVE
}
