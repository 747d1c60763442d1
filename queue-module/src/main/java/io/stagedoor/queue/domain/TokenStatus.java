package io.stagedoor.queue.domain;

/** The life of a queue token: it waits in line, is admitted for a session, and ends. */
public enum TokenStatus {
    /** In line; its place is its rank in arrival (sequence) order. */
    WAITING,
    /** Admitted: may use the booking APIs until its session ends. */
    ACTIVE,
    /** Session over, paid, revoked or abandoned; the token opens nothing any more. */
    EXPIRED
}
