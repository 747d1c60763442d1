-- One admission pays once: the queue token (as a SHA-256 digest; the token itself is a secret) of every committed
-- payment. A payment transaction inserts its token's row before it locks any seat; a concurrent payment with the same
-- token waits on the primary key until the first commits (and then pays nothing) or rolls back (and then pays).
-- Rows are purged with the idempotency keys, long after every token's session ended.
CREATE TABLE payment.paid_admissions (
    admission CHAR(64)    NOT NULL PRIMARY KEY,
    user_id   BIGINT      NOT NULL,
    paid_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX paid_admissions_paid_at_idx ON payment.paid_admissions (paid_at);
