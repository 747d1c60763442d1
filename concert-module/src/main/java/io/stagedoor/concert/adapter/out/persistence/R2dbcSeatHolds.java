package io.stagedoor.concert.adapter.out.persistence;

import static io.stagedoor.common.sql.SqlText.oneLine;

import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The seat state machine on {@code concert.seats} and {@code concert.reservations}. Every transition is ONE statement
 * whose first step is a conditional UPDATE (or {@code FOR UPDATE SKIP LOCKED}) of the seat row; the reservation row
 * changes later in the same statement. So the seat row lock decides every race, locks are always taken seat first,
 * and each transition is atomic even without a surrounding transaction (DatabaseClient still joins a caller's one).
 * The hold alone also takes the fan's lock first, in a short transaction of its own ({@link R2dbcHoldBatch}).
 */
final class R2dbcSeatHolds implements SeatHolds {

    static final String ONE_LIVE_PER_SEAT = "reservations_one_live_per_seat_uk";

    /**
     * Confirm: HELD by this user and live → seat SOLD, then the reservation CONFIRMED (same statement). "HELD and live"
     * is the expiry check alone (a seat has an expiry only while HELD, seats_state_ck): {@code status = 'HELD'} would let
     * the planner start from the sweep's partial index, which its statistics call empty when a sale opens, and read every
     * live hold (StatementPlansAtSaleStartTest). Cancel likewise.
     */
    static final String CONFIRM = oneLine("""
            WITH sold AS (
                UPDATE concert.seats
                   SET status = 'SOLD', hold_expires_at = NULL
                 WHERE reservation_id = :reservationId
                   AND held_by = :userId
                   AND hold_expires_at > :now
                RETURNING reservation_id
            )
            UPDATE concert.reservations r
               SET status = 'CONFIRMED', updated_at = :now
              FROM sold
             WHERE r.id = sold.reservation_id AND r.status = 'HELD'
            RETURNING %s
            """.formatted(ReservationRowMapper.COLUMNS));

    /** Cancel: this user's live hold on a schedule of the admitted concert → seat AVAILABLE, reservation CANCELLED. */
    static final String CANCEL = oneLine("""
            WITH freed AS (
                UPDATE concert.seats s
                   SET status = 'AVAILABLE', held_by = NULL, hold_expires_at = NULL, reservation_id = NULL
                 WHERE s.reservation_id = :reservationId
                   AND s.held_by = :userId
                   AND s.hold_expires_at > :now
                   AND EXISTS (SELECT 1 FROM concert.schedules sc
                                WHERE sc.id = s.schedule_id AND sc.concert_id = :concertId)
                RETURNING s.schedule_id
            )
            UPDATE concert.reservations r
               SET status = 'CANCELLED', updated_at = :now
             WHERE r.id = :reservationId
               AND r.status = 'HELD'
               AND EXISTS (SELECT 1 FROM freed)
            RETURNING %s
            """.formatted(ReservationRowMapper.COLUMNS));

    /**
     * Sweep: lock up to :limit seats whose hold ran out, skipping seats another sweeper (or a confirm, cancel or hold)
     * has locked; free them and mark their reservations EXPIRED. SOLD seats and CONFIRMED reservations never match.
     * Reports each freed seat's reservation and whether it was marked, so a reservation that this statement's snapshot
     * could not see yet is marked by a follow-up statement.
     */
    static final String SWEEP = """
            WITH due AS (
                SELECT schedule_id, seat_number, reservation_id
                  FROM concert.seats
                 WHERE status = 'HELD' AND hold_expires_at <= :now
                 ORDER BY hold_expires_at
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED
            ), freed AS (
                UPDATE concert.seats s
                   SET status = 'AVAILABLE', held_by = NULL, hold_expires_at = NULL, reservation_id = NULL
                  FROM due d
                 WHERE s.schedule_id = d.schedule_id AND s.seat_number = d.seat_number
                RETURNING d.reservation_id
            ), expired AS (
                UPDATE concert.reservations r
                   SET status = 'EXPIRED', updated_at = :now
                  FROM freed f
                 WHERE r.id = f.reservation_id AND r.status = 'HELD'
                RETURNING r.id
            )
            SELECT f.reservation_id, (e.id IS NOT NULL) AS marked
              FROM freed f
              LEFT JOIN expired e ON e.id = f.reservation_id
            """;

    private static final String MARK_EXPIRED = """
            UPDATE concert.reservations SET status = 'EXPIRED', updated_at = :now
             WHERE id = ANY(:ids) AND status = 'HELD' AND expires_at <= :now
            """;

    private final DatabaseClient db;
    private final R2dbcHoldBatch holds;

    /** With the default {@link FanLimits}. */
    R2dbcSeatHolds(DatabaseClient db) {
        this(db, FanLimits.standard());
    }

    R2dbcSeatHolds(DatabaseClient db, FanLimits limits) {
        this.db = Objects.requireNonNull(db);
        this.holds = new R2dbcHoldBatch(db, limits);
    }

    /**
     * Hold: the batch statement of {@link R2dbcHoldBatch} with one request — the seat UPDATE is the decision, the fan's
     * limits are counted in the same statement, under the fan's lock, in one short transaction of its own (or the
     * caller's, when there is one).
     */
    @Override
    public Mono<HoldAttempt> hold(long userId, long concertId, long scheduleId, int seatNumber, Instant now,
                                  Instant expiresAt) {
        return holds.holdAll(List.of(new HoldRequest(userId, concertId, scheduleId, seatNumber, now, expiresAt)))
                .map(attempts -> attempts.get(0));
    }

    @Override
    public Mono<Reservation> confirm(long reservationId, long userId, Instant now) {
        return db.sql(CONFIRM)
                .bind("reservationId", reservationId)
                .bind("userId", userId)
                .bind("now", now)
                .map((row, meta) -> ReservationRowMapper.map(row))
                .one();
    }

    @Override
    public Mono<Reservation> cancel(long reservationId, long userId, long concertId, Instant now) {
        return db.sql(CANCEL)
                .bind("reservationId", reservationId)
                .bind("userId", userId)
                .bind("concertId", concertId)
                .bind("now", now)
                .map((row, meta) -> ReservationRowMapper.map(row))
                .one();
    }

    @Override
    public Mono<Integer> releaseExpired(Instant now, int limit) {
        return db.sql(SWEEP)
                .bind("now", now)
                .bind("limit", limit)
                .map((row, meta) -> new Freed(row.get("reservation_id", Long.class),
                        Boolean.TRUE.equals(row.get("marked", Boolean.class))))
                .all()
                .collectList()
                .flatMap(freed -> markUnmarked(freed, now).thenReturn(freed.size()));
    }

    private Mono<Long> markUnmarked(List<Freed> freed, Instant now) {
        Long[] unmarked = freed.stream().filter(f -> !f.marked()).map(Freed::reservationId).toArray(Long[]::new);
        if (unmarked.length == 0) {
            return Mono.just(0L);
        }
        return db.sql(MARK_EXPIRED).bind("ids", unmarked).bind("now", now).fetch().rowsUpdated();
    }

    static boolean isSecondLiveReservation(Throwable error) {
        return error instanceof DataIntegrityViolationException
                && String.valueOf(error.getMessage()).contains(ONE_LIVE_PER_SEAT);
    }

    private record Freed(Long reservationId, boolean marked) {
    }
}
