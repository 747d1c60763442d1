-- Sign-in passwords of the built-in issuer, stored only as slow salted hashes (Argon2id, PHC string format, which
-- carries its own parameters, so a hash made with other costs still verifies). A user without a row here has no
-- password: such a user can only come in through an external issuer.

CREATE TABLE account.credentials (
    user_id       bigint       PRIMARY KEY REFERENCES account.users (id),
    password_hash varchar(255) NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at    timestamptz  NOT NULL
);
