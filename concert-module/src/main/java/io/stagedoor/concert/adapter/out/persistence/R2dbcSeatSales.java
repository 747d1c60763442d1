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
 * Set-based confirm and undo on {@code concert.seats} and {@code concert.reservations} for batched payments and
 * checkouts, one statement each, joining the caller's transaction.
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
     * The one confirming statement, in the function {@code concert.confirm_batch} (Flyway
     * {@code db/migration/concert/V4__sale_batch_function.sql}): it takes the locks of the fans it is given in one
     * statement and then confirms in the next, whose snapshot therefore sees every ticket committed before the lock,
     * and marks each confirmed reservation whose fan is then past the ticket limit. A sale that keeps no limit passes
     * no fans and no default limit (its marks are then unknown, and unread). The seats are found by reservation with
     * {@code = ANY} (point lookups in the reservation index), locked in seat order and judged on the locked row: sold
     * only if held by the payer and still live; no condition names {@code status = 'HELD'}, which would let the planner
     * start from the sweep's partial index (StatementPlansAtSaleStartTest).
     */
    static final String CONFIRM = oneLine("""
            SELECT * FROM concert.confirm_batch(CAST(:fanKeys AS bigint[]), CAST(:reservationIds AS bigint[]),
                   CAST(:userIds AS bigint[]), CAST(:now AS timestamptz), CAST(:defaultTicketsPerFan AS integer))
            """);

    private final DatabaseClient db;

    R2dbcSeatSales(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<List<Reservation>> confirmAll(List<ReservationOfUser> reservations, Instant now) {
        return confirm(new Long[0], reservations, now, null)
                .map((row, meta) -> ReservationRowMapper.map(row))
                .all()
                .collectList();
    }

    @Override
    public Mono<List<Sale>> confirmAllWithinTicketLimits(List<FanOfConcert> fans, List<ReservationOfUser> reservations,
                                                        Instant now, int defaultTicketsPerFan) {
        Long[] fanKeys = fans.stream()
                .map(fan -> R2dbcHoldBatch.fanKey(fan.userId().value(), fan.concertId().value()))
                .toArray(Long[]::new);
        return confirm(fanKeys, reservations, now, defaultTicketsPerFan)
                .map((row, meta) -> new Sale(ReservationRowMapper.map(row),
                        Boolean.TRUE.equals(row.get("past_ticket_limit", Boolean.class))))
                .all()
                .collectList();
    }

    private DatabaseClient.GenericExecuteSpec confirm(Long[] fanKeys, List<ReservationOfUser> reservations, Instant now,
                                                      Integer defaultTicketsPerFan) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(CONFIRM)
                .bind("fanKeys", fanKeys)
                .bind("reservationIds", reservations.stream().map(r -> r.reservationId().value()).toArray(Long[]::new))
                .bind("userIds", reservations.stream().map(r -> r.userId().value()).toArray(Long[]::new))
                .bind("now", now);
        return defaultTicketsPerFan == null
                ? spec.bindNull("defaultTicketsPerFan", Integer.class)
                : spec.bind("defaultTicketsPerFan", defaultTicketsPerFan);
    }

    @Override
    public Mono<Integer> undoConfirmations(List<Long> reservationIds) {
        return db.sql(UNDO)
                .bind("reservationIds", reservationIds.toArray(Long[]::new))
                .fetch().rowsUpdated()
                .map(Long::intValue);
    }
}
