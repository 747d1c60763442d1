-- Demo users 1..1000 ("demo-user-N") with balance 0. Idempotent: existing users and balances are left as they are.
INSERT INTO account.users (id, name, created_at)
SELECT n, 'demo-user-' || n, now()
FROM generate_series(1, 1000) AS n
ON CONFLICT (id) DO NOTHING;

INSERT INTO account.balances (user_id, balance)
SELECT n, 0
FROM generate_series(1, 1000) AS n
ON CONFLICT (user_id) DO NOTHING;

-- Ids given explicitly above do not advance the identity; move it past them so POST /users never collides.
SELECT setval(pg_get_serial_sequence('account.users', 'id'),
              GREATEST((SELECT max(id) FROM account.users), 1000));
