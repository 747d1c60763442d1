-- Payments: one row per paid reservation. reservation_id is UNIQUE: the exactly-once safety net behind the
-- conditional confirmation in the concert module (a second payment of one reservation cannot be recorded).
CREATE SEQUENCE payment.payment_id_seq;

CREATE TABLE payment.payments (
    id             BIGINT      PRIMARY KEY DEFAULT nextval('payment.payment_id_seq'),
    reservation_id BIGINT      NOT NULL,
    user_id        BIGINT      NOT NULL,
    amount         BIGINT      NOT NULL CHECK (amount > 0),
    status         VARCHAR(16) NOT NULL CHECK (status IN ('COMPLETED')),
    paid_at        TIMESTAMPTZ NOT NULL,
    CONSTRAINT payments_reservation_id_key UNIQUE (reservation_id)
);

ALTER SEQUENCE payment.payment_id_seq OWNED BY payment.payments.id;

CREATE INDEX payments_user_newest_first_idx ON payment.payments (user_id, paid_at DESC, id DESC);

-- Payment history: append-only events per payment (rows are never updated or deleted; a trigger refuses it).
CREATE TABLE payment.payment_history (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id  BIGINT      NOT NULL REFERENCES payment.payments (id),
    event       VARCHAR(32) NOT NULL,
    amount      BIGINT      NOT NULL,
    reference   VARCHAR(64),
    occurred_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX payment_history_payment_idx ON payment.payment_history (payment_id, id);

CREATE FUNCTION payment.refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payment.payment_history is append-only';
END
$$;

CREATE TRIGGER payment_history_append_only
    BEFORE UPDATE OR DELETE ON payment.payment_history
    FOR EACH ROW EXECUTE FUNCTION payment.refuse_history_rewrite();

-- Idempotency keys, scoped to the user. IN_PROGRESS while the first request runs (claimed by `attempt`; a stale claim
-- can be taken over with attempt + 1), COMPLETED with the exact status and body to replay. Kept at least 24 h.
CREATE TABLE payment.idempotency_keys (
    user_id         BIGINT      NOT NULL,
    idem_key        VARCHAR(64) NOT NULL,
    fingerprint     CHAR(64)    NOT NULL,
    state           VARCHAR(16) NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    attempt         INTEGER     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    claimed_at      TIMESTAMPTZ NOT NULL,
    response_status INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, idem_key),
    CONSTRAINT idempotency_keys_outcome_when_completed CHECK (
        (state = 'COMPLETED') = (response_status IS NOT NULL AND response_body IS NOT NULL AND completed_at IS NOT NULL))
);

CREATE INDEX idempotency_keys_created_at_idx ON payment.idempotency_keys (created_at);
