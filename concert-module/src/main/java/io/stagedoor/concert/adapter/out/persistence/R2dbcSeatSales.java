package io.stagedoor.concert.adapter.out.persistence;

import static io.stagedoor.common.sql.SqlText.oneLine;

import io.stagedoor.concert.api.FanOfConcert;
import io.stagedoor.concert.api.ReservationOfUser;
import io.stagedoor.concert.application.port.out.SeatSales;
import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Set-based confirm and undo on {@code concert.seats} and {@code concert.reservations} for batched payments, one
 * statement each, joining the caller's transaction.
 *
 * <p>Lock order: the seat rows are locked first, in primary-key order ({@code ORDER BY ... FOR UPDATE} locks rows in
 * the sorted order), then the reservation rows — so two batches naming overlapping seats wait for each other instead
 * of deadlocking, and a batch locks seats before the payer's balance (account locks those later) like the single
 * payment does. Every condition is judged on the newest row version (READ COMMITTED), so a seat confirmed
 * or swept by a concurrent transaction while this one waited for its lock is refused, never sold twice: the row a
 * {@code FOR UPDATE} returns after waiting is the newest version, re-checked, and it stays locked until commit.
 */
final class R2dbcSeatSales implements SeatSales {

    /**
     * The seats are found by reservation with {@code = ANY} (point lookups in the reservation index, never a join the
     * planner could turn into a scan of that index), locked in seat order, and judged on the locked row: sold only if
     * held by the payer and still live. The UPDATE then reaches each seat by primary key alone. No condition here names
     * {@code status = 'HELD'}: a seat has an expiry only while HELD (seats_state_ck), and that predicate would let the
     * planner start from the sweep's partial index, whose statistics say "empty" exactly when a sale opens (every live
     * hold read per batch: 220 ms instead of 1 ms in the load harness; StatementPlansAtSaleStartTest).
     */
    static final String CONFIRM_ALL = oneLine("""
            WITH wanted AS (
                SELECT * FROM unnest(CAST(:reservationIds AS bigint[]), CAST(:userIds AS bigint[])) AS w(reservation_id, user_id)
            ), locked AS MATERIALIZED (
                SELECT s.schedule_id, s.seat_number, s.reservation_id, s.held_by, s.hold_expires_at
                  FROM concert.seats s
                 WHERE s.reservation_id = ANY(CAST(:reservationIds AS bigint[]))
                 ORDER BY s.schedule_id, s.seat_number
                   FOR UPDATE OF s
            ), sold AS (
                UPDATE concert.seats s
                   SET status = 'SOLD', hold_expires_at = NULL
                  FROM locked l
                  JOIN wanted w ON w.reservation_id = l.reservation_id AND w.user_id = l.held_by
                 WHERE s.schedule_id = l.schedule_id AND s.seat_number = l.seat_number
                   AND l.hold_expires_at > :now
                RETURNING s.reservation_id
            )
            UPDATE concert.reservations r
               SET status = 'CONFIRMED', updated_at = :now
              FROM sold
             WHERE r.id = sold.reservation_id AND r.status = 'HELD'
            RETURNING %s
            """.formatted(ReservationRowMapper.COLUMNS));

    /**
     * Undo: the reservation back to HELD — its updated_at back to created_at, which is what every HELD reservation
     * carries (HELD is only ever entered by the insert of a hold) — and the seat back to HELD until the reservation's
     * expiry (the hold wrote the same instant into both). Only rows this transaction confirmed and still locks.
     */
    private static final String UNDO = oneLine("""
            WITH unconfirmed AS (
                UPDATE concert.reservations r
                   SET status = 'HELD', updated_at = r.created_at
                 WHERE r.id = ANY(CAST(:reservationIds AS bigint[])) AND r.status = 'CONFIRMED'
                RETURNING r.id, r.user_id, r.expires_at
            )
            UPDATE concert.seats s
               SET status = 'HELD', hold_expires_at = u.expires_at
              FROM unconfirmed u
             WHERE s.reservation_id = ANY(CAST(:reservationIds AS bigint[]))
               AND s.reservation_id = u.id AND s.held_by = u.user_id AND s.status = 'SOLD'
            RETURNING s.reservation_id
            """);

    /**
     * {@link #CONFIRM_ALL} under the fans' locks, with the ticket count after the sale, in one round trip: the function
     * {@code concert.confirm_batch} (Flyway {@code db/migration/concert/V4__sale_batch_function.sql}) takes the locks in
     * one statement and then confirms in the next, whose snapshot therefore sees every ticket committed before the lock.
     */
    private static final String CONFIRM_WITHIN_TICKET_LIMITS = oneLine("""
            SELECT * FROM concert.confirm_batch(CAST(:fanKeys AS bigint[]), CAST(:reservationIds AS bigint[]),
                   CAST(:userIds AS bigint[]), CAST(:now AS timestamptz), CAST(:defaultTicketsPerFan AS integer))
            """);

    private final DatabaseClient db;

    R2dbcSeatSales(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<List<Reservation>> confirmAll(List<ReservationOfUser> reservations, Instant now) {
        return db.sql(CONFIRM_ALL)
                .bind("reservationIds", reservations.stream().map(r -> r.reservationId().value()).toArray(Long[]::new))
                .bind("userIds", reservations.stream().map(r -> r.userId().value()).toArray(Long[]::new))
                .bind("now", now)
                .map((row, meta) -> ReservationRowMapper.map(row))
                .all()
                .collectList();
    }

    @Override
    public Mono<List<Sale>> confirmAllWithinTicketLimits(List<FanOfConcert> fans, List<ReservationOfUser> reservations,
                                                        Instant now, int defaultTicketsPerFan) {
        return db.sql(CONFIRM_WITHIN_TICKET_LIMITS)
                .bind("fanKeys", fans.stream()
                        .map(fan -> R2dbcHoldBatch.fanKey(fan.userId().value(), fan.concertId().value()))
                        .toArray(Long[]::new))
                .bind("reservationIds", reservations.stream().map(r -> r.reservationId().value()).toArray(Long[]::new))
                .bind("userIds", reservations.stream().map(r -> r.userId().value()).toArray(Long[]::new))
                .bind("now", now)
                .bind("defaultTicketsPerFan", defaultTicketsPerFan)
                .map((row, meta) -> new Sale(ReservationRowMapper.map(row),
                        Boolean.TRUE.equals(row.get("past_ticket_limit", Boolean.class))))
                .all()
                .collectList();
    }

    @Override
    public Mono<Integer> undoConfirmations(List<Long> reservationIds) {
        return db.sql(UNDO)
                .bind("reservationIds", reservationIds.toArray(Long[]::new))
                .fetch().rowsUpdated()
                .map(Long::intValue);
    }
}
