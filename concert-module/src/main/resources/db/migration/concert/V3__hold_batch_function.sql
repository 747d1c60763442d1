-- The hold batch as one function, so that a batch is one round trip: it first takes a transaction-scoped advisory
-- lock per (fan, concert) of the batch, in key order, then runs the hold statement. In READ COMMITTED every statement
-- of a VOLATILE function takes a new snapshot, so the hold statement, which counts the fan's live holds and tickets,
-- sees every hold of the fan committed before it got the lock: no hold of the same fan can commit between the count
-- and the take, on any instance. The locks last until the caller's transaction ends (the call's own, when it has
-- none). What each part of the statement decides is described next to the Java that calls it (R2dbcHoldBatch).
CREATE FUNCTION concert.hold_batch(
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
LANGUAGE plpgsql VOLATILE AS $hold_batch$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT k FROM unnest(p_fan_keys) AS u(k) ORDER BY k) keys;
    RETURN QUERY
    WITH req AS (
        SELECT * FROM unnest(p_user_ids, p_concert_ids, p_schedule_ids, p_seat_numbers, p_nows, p_expires_ats)
               WITH ORDINALITY AS r(user_id, wanted_concert_id, schedule_id, seat_number, now, expires_at, ord)
    ), target AS (
        SELECT r.ord, r.user_id, r.wanted_concert_id, r.now, r.expires_at,
               sc.id AS schedule_id, sc.concert_id, sc.starts_at, s.seat_number,
               (sc.concert_id = r.wanted_concert_id AND sc.starts_at > r.now AND s.seat_number IS NOT NULL)
                   AS bookable,
               coalesce(c.holds_per_fan, p_holds_per_fan) AS holds_limit,
               coalesce(c.tickets_per_fan, p_tickets_per_fan) AS tickets_limit
          FROM req r
          JOIN concert.schedules sc ON sc.id = r.schedule_id
          JOIN concert.concerts c ON c.id = sc.concert_id
          LEFT JOIN concert.seats s ON s.schedule_id = sc.id AND s.seat_number = r.seat_number
    ), fan AS (
        SELECT k.user_id, k.concert_id,
               count(x.id) FILTER (WHERE x.status = 'HELD' AND x.expires_at > k.now) AS live_holds,
               count(x.id) FILTER (WHERE x.status = 'CONFIRMED') AS tickets
          FROM (SELECT user_id, concert_id, max(now) AS now FROM target WHERE bookable
                 GROUP BY user_id, concert_id) k
          LEFT JOIN concert.reservations x
            ON x.user_id = k.user_id AND x.concert_id = k.concert_id AND x.status IN ('HELD', 'CONFIRMED')
         GROUP BY k.user_id, k.concert_id
    ), judged AS (
        SELECT t.ord, t.user_id, t.concert_id, t.schedule_id, t.seat_number, t.now, t.expires_at,
               t.holds_limit, t.tickets_limit, f.live_holds, f.tickets,
               CASE WHEN f.tickets >= t.tickets_limit THEN 'TICKET_LIMIT_REACHED'
                    WHEN f.live_holds >= t.holds_limit THEN 'HOLD_LIMIT_REACHED'
                    WHEN f.tickets + f.live_holds >= t.tickets_limit THEN 'TICKET_LIMIT_REACHED'
                    WHEN EXISTS (SELECT 1 FROM concert.reservations p
                                  WHERE p.user_id = t.user_id AND p.schedule_id = t.schedule_id
                                    AND p.seat_number = t.seat_number AND p.status IN ('HELD', 'EXPIRED')
                                    AND p.expires_at <= t.now
                                    AND p.expires_at > t.now - CAST(p_cool_down_micros AS double precision) * interval '1 microsecond')
                         THEN 'RE_HOLD_COOLING_DOWN'
               END AS fan_refusal
          FROM target t
          JOIN fan f ON f.user_id = t.user_id AND f.concert_id = t.concert_id
         WHERE t.bookable
    ), claimed AS MATERIALIZED (
        SELECT s.schedule_id, s.seat_number
          FROM concert.seats s
          JOIN (SELECT schedule_id, seat_number, max(now) AS now
                  FROM judged
                 WHERE fan_refusal IS NULL
                 GROUP BY schedule_id, seat_number) k
            ON s.schedule_id = k.schedule_id AND s.seat_number = k.seat_number
         WHERE s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.hold_expires_at <= k.now)
         ORDER BY s.schedule_id, s.seat_number
           FOR NO KEY UPDATE OF s
    ), seat_winner AS (
        SELECT DISTINCT ON (j.schedule_id, j.seat_number) j.*
          FROM judged j
          JOIN claimed c ON c.schedule_id = j.schedule_id AND c.seat_number = j.seat_number
         WHERE j.fan_refusal IS NULL
         ORDER BY j.schedule_id, j.seat_number, j.ord
    ), ranked AS (
        SELECT w.*, row_number() OVER (PARTITION BY w.user_id, w.concert_id ORDER BY w.ord) AS nth
          FROM seat_winner w
    ), allowed AS (
        SELECT * FROM ranked
         WHERE live_holds + nth <= holds_limit AND tickets + live_holds + nth <= tickets_limit
    ), held AS (
        UPDATE concert.seats s
           SET status = 'HELD', held_by = a.user_id, hold_expires_at = a.expires_at,
               reservation_id = nextval('concert.reservation_ids')
          FROM allowed a
         WHERE s.schedule_id = a.schedule_id
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
        INSERT INTO concert.reservations
               (id, user_id, concert_id, schedule_id, seat_number, price, status, expires_at, created_at, updated_at)
        SELECT h.reservation_id, h.user_id, h.concert_id, h.schedule_id, h.seat_number, h.price, 'HELD',
               h.expires_at, h.now, h.now
          FROM held h
         CROSS JOIN (SELECT count(*) AS expired_before FROM superseded) x
        RETURNING id, user_id, concert_id, schedule_id, seat_number, price, status, expires_at
    )
    SELECT t.ord, t.concert_id, t.starts_at,
           (t.seat_number IS NOT NULL),
           coalesce(j.fan_refusal,
                    CASE WHEN rk.ord IS NOT NULL AND rk.live_holds + rk.nth > rk.holds_limit
                              THEN 'HOLD_LIMIT_REACHED'
                         WHEN rk.ord IS NOT NULL AND rk.tickets + rk.live_holds + rk.nth > rk.tickets_limit
                              THEN 'TICKET_LIMIT_REACHED'
                    END)::text,
           i.id, i.user_id, i.concert_id, i.schedule_id, i.seat_number, i.price, i.status::text, i.expires_at
      FROM target t
      LEFT JOIN judged j ON j.ord = t.ord
      LEFT JOIN ranked rk ON rk.ord = t.ord
      LEFT JOIN held h ON h.ord = t.ord
      LEFT JOIN inserted i ON i.id = h.reservation_id
    ;
END
$hold_batch$;
