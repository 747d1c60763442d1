-- Idempotency-Keys of balance charges, per user. A key's row is inserted, the charge made and the row's outcome
-- written in ONE transaction, so a committed row always carries its outcome: a concurrent request with the same key
-- waits on the primary key until that transaction ends, then replays the outcome (or, after a rollback, claims the key
-- itself). The request a key stands for is the charged amount (the user is part of the key).

CREATE TABLE account.charge_keys (
    user_id        bigint      NOT NULL,
    idem_key       varchar(64) NOT NULL,
    amount         bigint      NOT NULL,
    -- the answer given: 200 with the balance after the charge, or a refusal (status, code, title, detail)
    status         smallint,
    balance_after  bigint,
    problem_code   varchar(64),
    problem_title  varchar(200),
    problem_detail varchar(500),
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

-- the purge of keys past their retention
CREATE INDEX charge_keys_created_at ON account.charge_keys (created_at);
