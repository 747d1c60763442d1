-- A batch of payments' sale and its ticket-limit check as one function, so that they are one round trip inside the
-- payment transaction: it first takes the transaction-scoped advisory lock of every (fan, concert) of the batch, in
-- key order (the locks holds take, see V3), then confirms the reservations (seat rows locked first, in seat order,
-- then the reservation rows), and tells for each confirmed reservation whether its fan's tickets of the concert now
-- pass the concert's ticket limit. In READ COMMITTED each statement of a VOLATILE function takes a new snapshot, so
-- the confirming statement sees every ticket of the fan committed before the lock; its own confirmations are added
-- to that count. The locks last until the caller's transaction ends. The Java that calls it: R2dbcSeatSales.
CREATE FUNCTION concert.confirm_batch(
    p_fan_keys                BIGINT[],
    p_reservation_ids         BIGINT[],
    p_user_ids                BIGINT[],
    p_now                     TIMESTAMPTZ,
    p_default_tickets_per_fan INTEGER)
RETURNS TABLE (
    id                BIGINT,
    user_id           BIGINT,
    concert_id        BIGINT,
    schedule_id       BIGINT,
    seat_number       INTEGER,
    price             BIGINT,
    status            TEXT,
    expires_at        TIMESTAMPTZ,
    past_ticket_limit BOOLEAN)
LANGUAGE plpgsql VOLATILE AS $confirm_batch$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock(k)
       FROM (SELECT DISTINCT k FROM unnest(p_fan_keys) AS u(k) ORDER BY k) keys;
    RETURN QUERY
    WITH wanted AS (
        SELECT * FROM unnest(p_reservation_ids, p_user_ids) AS w(reservation_id, user_id)
    ), locked AS MATERIALIZED (
        SELECT s.schedule_id, s.seat_number, s.reservation_id, s.held_by, s.hold_expires_at
          FROM concert.seats s
         WHERE s.reservation_id = ANY(p_reservation_ids)
         ORDER BY s.schedule_id, s.seat_number
           FOR UPDATE OF s
    ), sold AS (
        UPDATE concert.seats s
           SET status = 'SOLD', hold_expires_at = NULL
          FROM locked l
          JOIN wanted w ON w.reservation_id = l.reservation_id AND w.user_id = l.held_by
         WHERE s.schedule_id = l.schedule_id AND s.seat_number = l.seat_number
           AND l.hold_expires_at > p_now
        RETURNING s.reservation_id
    ), confirmed AS (
        UPDATE concert.reservations r
           SET status = 'CONFIRMED', updated_at = p_now
          FROM sold
         WHERE r.id = sold.reservation_id AND r.status = 'HELD'
        RETURNING r.id, r.user_id, r.concert_id, r.schedule_id, r.seat_number, r.price, r.status, r.expires_at
    ), sold_now AS (
        SELECT c.user_id, c.concert_id, count(*) AS tickets FROM confirmed c GROUP BY c.user_id, c.concert_id
    ), standing AS (
        -- the statement's snapshot does not show its own confirmations (those rows were HELD in it): add them
        SELECT n.user_id, n.concert_id,
               n.tickets + (SELECT count(*) FROM concert.reservations t
                             WHERE t.user_id = n.user_id AND t.concert_id = n.concert_id
                               AND t.status IN ('HELD', 'CONFIRMED') AND t.status = 'CONFIRMED') AS tickets,
               coalesce(k.tickets_per_fan, p_default_tickets_per_fan) AS ticket_limit
          FROM sold_now n
          JOIN concert.concerts k ON k.id = n.concert_id
    )
    SELECT c.id, c.user_id, c.concert_id, c.schedule_id, c.seat_number, c.price, c.status::text, c.expires_at,
           (st.tickets > st.ticket_limit)
      FROM confirmed c
      JOIN standing st ON st.user_id = c.user_id AND st.concert_id = c.concert_id;
END
$confirm_batch$;
