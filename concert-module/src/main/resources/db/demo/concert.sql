-- Demo data for the concert schema: 3 concerts, each with 3 future schedules (+7, +14, +21 days at 10:00 UTC,
-- 19:00 in Seoul) of 50 seats priced by row: seats 1-20 130000 KRW, 21-40 99000 KRW, 41-50 77000 KRW.
-- Idempotent: fixed ids and ON CONFLICT DO NOTHING, so a re-run never changes or duplicates anything.

INSERT INTO concert.concerts (id, title) VALUES
    (1, 'Aurora Lights - Live at Olympic Hall'),
    (2, 'The Midnight Orchestra - Winter Tour'),
    (3, 'Neon Riot - Encore Night')
ON CONFLICT (id) DO NOTHING;

INSERT INTO concert.schedules (id, concert_id, starts_at)
SELECT (c.concert_id - 1) * 3 + w.week, c.concert_id,
       date_trunc('day', now()) + make_interval(days => 7 * w.week + (c.concert_id::int - 1)) + interval '10 hours'
  FROM (VALUES (1::bigint), (2::bigint), (3::bigint)) AS c (concert_id)
 CROSS JOIN generate_series(1, 3) AS w (week)
ON CONFLICT (id) DO NOTHING;

INSERT INTO concert.seats (schedule_id, seat_number, price)
SELECT s.id, n,
       CASE WHEN n <= 20 THEN 130000 WHEN n <= 40 THEN 99000 ELSE 77000 END
  FROM concert.schedules s
 CROSS JOIN generate_series(1, 50) AS n
 WHERE s.id BETWEEN 1 AND 9
ON CONFLICT (schedule_id, seat_number) DO NOTHING;

-- Ids created later by POST /api/v1/admin/concerts continue after the demo rows.
SELECT setval(pg_get_serial_sequence('concert.concerts', 'id'), (SELECT max(id) FROM concert.concerts));
SELECT setval(pg_get_serial_sequence('concert.schedules', 'id'), (SELECT max(id) FROM concert.schedules));
