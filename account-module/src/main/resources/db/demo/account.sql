-- Demo users 1..1000 ("demo-user-N") with balance 0 and the password "stagedoor-demo". Idempotent: existing users,
-- balances and passwords are left as they are.
INSERT INTO account.users (id, name, created_at)
SELECT n, 'demo-user-' || n, now()
FROM generate_series(1, 1000) AS n
ON CONFLICT (id) DO NOTHING;

INSERT INTO account.balances (user_id, balance)
SELECT n, 0
FROM generate_series(1, 1000) AS n
ON CONFLICT (user_id) DO NOTHING;

-- One Argon2id hash of "stagedoor-demo" (m=19456 KiB, t=2, p=1, the app's default cost), made once and shared by all
-- demo users: hashing a thousand passwords at start-up would cost a minute of CPU. Demo data only; a shared salt is
-- fine for a password everybody knows.
INSERT INTO account.credentials (user_id, password_hash, created_at)
SELECT n, '$argon2id$v=19$m=19456,t=2,p=1$kWLb1drhcXhrLWpaCblzRA$eGQM1oG7xQMFhqQS14IpOjXQPPqdrXJ7hAWHwLjLZ2k', now()
FROM generate_series(1, 1000) AS n
ON CONFLICT (user_id) DO NOTHING;

-- Ids given explicitly above do not advance the identity; move it past them so POST /users never collides.
SELECT setval(pg_get_serial_sequence('account.users', 'id'),
              GREATEST((SELECT max(id) FROM account.users), 1000));
