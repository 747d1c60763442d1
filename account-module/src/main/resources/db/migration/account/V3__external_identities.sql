-- Which user an external issuer's subject is. The primary key decides a first-seen subject: of any number of
-- concurrent first requests (on any number of instances) exactly one INSERT ... ON CONFLICT DO NOTHING creates the
-- mapping, together with its user and balance in the same statement; the others find that row.

CREATE TABLE account.external_identities (
    issuer     varchar(255) NOT NULL,
    subject    varchar(255) NOT NULL,
    user_id    bigint       NOT NULL UNIQUE REFERENCES account.users (id),
    created_at timestamptz  NOT NULL,
    PRIMARY KEY (issuer, subject)
);
