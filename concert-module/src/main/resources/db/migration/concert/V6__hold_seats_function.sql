-- concert.hold_seats: the hold batch of concert.hold_batch (V3), with the same arguments, answers and writes, in a
-- statement with less to start per call (about 55 plan nodes instead of 70) and no plan that can turn into a table
-- scan. A hold batch's cost is nearly all per call, not per hold (pgbench: about 1 ms of server CPU for one hold,
-- 1.5 ms for sixteen); perf put a fifth of it in starting the executor for the statement's plan and another fifth in
-- the commit's WAL flush. On a busy machine pgbench could not tell the two functions apart (docs/performance.md,
-- "Hold batch cost"). So:
--   * a request's schedule, concert and seat are found by key (LATERAL look-ups), whatever the statistics say: the
--     kept plan of V3 hashed the requests against the whole schedules table when that table looked small, and a plan
--     of this statement without the LATERAL seat look-up read a 3,000-seat sale's seats whole (BatchFunctionPlansTest);
--   * a fan's live holds and tickets are counted next to each request (LATERAL) instead of in a grouped CTE joined
--     back; the count still uses the latest `now` of the fan's bookable requests, as before;
--   * one CTE (judged) carries every request, bookable or not, to the answer, so the answer joins two CTEs, not four;
--   * the answer takes the new reservation's columns from the seat UPDATE's RETURNING instead of joining the INSERT.
-- The fan locks come first, in key order, in a statement of their own (see V3), and the seat locks in key order in
-- claimed, exactly as before. concert.hold_batch stays for instances still running the previous build during a
-- rolling deploy; HoldSeatsFunctionTest runs both functions on the same batches and compares answers and writes.
CREATE FUNCTION concert.hold_seats(
    p_fan_keys          BIGINT[],
    p_user_ids          BIGINT[],
    p_concert_ids       BIGINT[],
    p_schedule_ids      BIGINT[],
    p_seat_numbers      INTEGER[],
    p_nows              TIMESTAMPTZ[],
    p_expires_ats       TIMESTAMPTZ[],
    p_holds_per_fan     INTEGER,
    p_tickets_per_fan   INTEGER,
    p_cool_down_micros  BIGINT)
RETURNS TABLE (
    ord                 BIGINT,
    schedule_concert_id BIGINT,
    schedule_starts_at  TIMESTAMPTZ,
    seat_exists         BOOLEAN,
    fan_refusal         TEXT,
    id                  BIGINT,
    user_id             BIGINT,
    concert_id          BIGINT,
    schedule_id         BIGINT,
    seat_number         INTEGER,
    price               BIGINT,
    status              TEXT,
    expires_at          TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
AS $hold_seats$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT k FROM unnest(p_fan_keys) AS u(k) ORDER BY k) keys;
    RETURN QUERY
    WITH target AS (
        SELECT r.ord, r.user_id, r.wanted_concert_id, r.now, r.expires_at,
               sc.id AS schedule_id, sc.concert_id, sc.starts_at, s.seat_number,
               (sc.concert_id = r.wanted_concert_id AND sc.starts_at > r.now AND s.seat_number IS NOT NULL)
                   AS bookable,
               coalesce(sc.holds_per_fan, p_holds_per_fan) AS holds_limit,
               coalesce(sc.tickets_per_fan, p_tickets_per_fan) AS tickets_limit
          FROM unnest(p_user_ids, p_concert_ids, p_schedule_ids, p_seat_numbers, p_nows, p_expires_ats)
               WITH ORDINALITY AS r(user_id, wanted_concert_id, wanted_schedule_id, seat_number, now, expires_at, ord)
          CROSS JOIN LATERAL (SELECT sc.id, sc.concert_id, sc.starts_at, c.holds_per_fan, c.tickets_per_fan
                                FROM concert.schedules sc
                                JOIN concert.concerts c ON c.id = sc.concert_id
                               WHERE sc.id = r.wanted_schedule_id
                               LIMIT 1) sc
          LEFT JOIN LATERAL (SELECT s.seat_number
                               FROM concert.seats s
                              WHERE s.schedule_id = sc.id AND s.seat_number = r.seat_number
                              LIMIT 1) s ON true
    ), judged AS (
        SELECT t.ord, t.user_id, t.concert_id, t.schedule_id, t.seat_number, t.starts_at, t.now, t.expires_at,
               t.bookable, t.holds_limit, t.tickets_limit, f.live_holds, f.tickets,
               CASE WHEN NOT t.bookable THEN NULL
                    WHEN f.tickets >= t.tickets_limit THEN 'TICKET_LIMIT_REACHED'
                    WHEN f.live_holds >= t.holds_limit THEN 'HOLD_LIMIT_REACHED'
                    WHEN f.tickets + f.live_holds >= t.tickets_limit THEN 'TICKET_LIMIT_REACHED'
                    WHEN EXISTS (SELECT 1 FROM concert.reservations p
                                  WHERE p.user_id = t.user_id AND p.schedule_id = t.schedule_id
                                    AND p.seat_number = t.seat_number AND p.status IN ('HELD', 'EXPIRED')
                                    AND p.expires_at <= t.now
                                    AND p.expires_at > t.now - CAST(p_cool_down_micros AS double precision) * interval '1 microsecond')
                         THEN 'RE_HOLD_COOLING_DOWN'
               END AS fan_refusal
          FROM (SELECT t.*, max(t.now) FILTER (WHERE t.bookable) OVER (PARTITION BY t.user_id, t.concert_id) AS fan_now
                  FROM target t) t
          CROSS JOIN LATERAL (
              SELECT count(*) FILTER (WHERE x.status = 'HELD' AND x.expires_at > t.fan_now) AS live_holds,
                     count(*) FILTER (WHERE x.status = 'CONFIRMED') AS tickets
                FROM concert.reservations x
               WHERE t.bookable AND x.user_id = t.user_id AND x.concert_id = t.concert_id
                 AND x.status IN ('HELD', 'CONFIRMED')) f
    ), claimed AS MATERIALIZED (
        SELECT s.schedule_id, s.seat_number
          FROM concert.seats s
          JOIN (SELECT schedule_id, seat_number, max(now) AS now
                  FROM judged
                 WHERE bookable AND fan_refusal IS NULL
                 GROUP BY schedule_id, seat_number) k
            ON s.schedule_id = k.schedule_id AND s.seat_number = k.seat_number
         WHERE s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.hold_expires_at <= k.now)
         ORDER BY s.schedule_id, s.seat_number
           FOR NO KEY UPDATE OF s
    ), ranked AS (
        SELECT w.*, row_number() OVER (PARTITION BY w.user_id, w.concert_id ORDER BY w.ord) AS nth
          FROM (SELECT DISTINCT ON (j.schedule_id, j.seat_number) j.*
                  FROM judged j
                  JOIN claimed c ON c.schedule_id = j.schedule_id AND c.seat_number = j.seat_number
                 WHERE j.bookable AND j.fan_refusal IS NULL
                 ORDER BY j.schedule_id, j.seat_number, j.ord) w
    ), held AS (
        UPDATE concert.seats s
           SET status = 'HELD', held_by = a.user_id, hold_expires_at = a.expires_at,
               reservation_id = nextval('concert.reservation_ids')
          FROM ranked a
         WHERE a.live_holds + a.nth <= a.holds_limit AND a.tickets + a.live_holds + a.nth <= a.tickets_limit
           AND s.schedule_id = a.schedule_id
           AND s.seat_number = a.seat_number
           AND (s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.hold_expires_at <= a.now))
        RETURNING a.ord, s.reservation_id, s.schedule_id, s.seat_number, s.price, a.concert_id, a.user_id,
                  a.now, a.expires_at
    ), superseded AS (
        UPDATE concert.reservations r
           SET status = 'EXPIRED', updated_at = h.now
          FROM held h
         WHERE r.schedule_id = h.schedule_id AND r.seat_number = h.seat_number AND r.status = 'HELD'
        RETURNING r.id
    ), inserted AS (
        -- reads superseded, so the expired reservation is marked before the new one may exist (one live per seat)
        INSERT INTO concert.reservations
               (id, user_id, concert_id, schedule_id, seat_number, price, status, expires_at, created_at, updated_at)
        SELECT h.reservation_id, h.user_id, h.concert_id, h.schedule_id, h.seat_number, h.price, 'HELD',
               h.expires_at, h.now, h.now
          FROM held h
         CROSS JOIN (SELECT count(*) AS expired_before FROM superseded) x
    )
    SELECT j.ord, j.concert_id, j.starts_at,
           (j.seat_number IS NOT NULL),
           coalesce(j.fan_refusal,
                    CASE WHEN rk.ord IS NOT NULL AND rk.live_holds + rk.nth > rk.holds_limit
                              THEN 'HOLD_LIMIT_REACHED'
                         WHEN rk.ord IS NOT NULL AND rk.tickets + rk.live_holds + rk.nth > rk.tickets_limit
                              THEN 'TICKET_LIMIT_REACHED'
                    END)::text,
           h.reservation_id, h.user_id, h.concert_id, h.schedule_id, h.seat_number, h.price,
           CASE WHEN h.ord IS NOT NULL THEN 'HELD' END, h.expires_at
      FROM judged j
      LEFT JOIN ranked rk ON rk.ord = j.ord
      LEFT JOIN held h ON h.ord = j.ord
    ;
END
$hold_seats$;
