package io.stagedoor.concert.adapter.out.persistence;

import io.r2dbc.spi.Row;
import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import io.stagedoor.concert.domain.Seat;
import io.stagedoor.concert.domain.SeatStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Availability reads, one query each. "Free at now" is exactly the hold statement's condition: AVAILABLE, or HELD
 * with {@code hold_expires_at <= now} (a hold is live only while {@code now < hold_expires_at}).
 */
final class R2dbcSeatAvailability implements SeatAvailability {

    /**
     * The concert row (so a missing concert is told apart from one with nothing left) with its future schedules that
     * have free seats. Index use: concerts PK, schedules (concert_id, starts_at) range, seats PK per schedule.
     */
    private static final String AVAILABLE_SCHEDULES = """
            SELECT c.id AS concert_id, a.schedule_id, a.starts_at, a.free_seats
              FROM concert.concerts c
              LEFT JOIN LATERAL (
                    SELECT sc.id AS schedule_id, sc.starts_at, count(*) AS free_seats
                      FROM concert.schedules sc
                      JOIN concert.seats s ON s.schedule_id = sc.id
                     WHERE sc.concert_id = c.id
                       AND sc.starts_at > :now
                       AND (s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.hold_expires_at <= :now))
                     GROUP BY sc.id, sc.starts_at
              ) a ON true
             WHERE c.id = :concertId
             ORDER BY a.starts_at, a.schedule_id
            """;

    /**
     * The schedule row (so a missing schedule is told apart from a sold-out one) with its free seats. Index use:
     * schedules PK, seats PK (schedule_id, seat_number) range.
     */
    private static final String FREE_SEATS = """
            SELECT sc.id AS schedule_id, s.seat_number, s.price
              FROM concert.schedules sc
              LEFT JOIN concert.seats s
                ON s.schedule_id = sc.id
               AND (s.status = 'AVAILABLE' OR (s.status = 'HELD' AND s.hold_expires_at <= :now))
             WHERE sc.id = :scheduleId
               AND sc.concert_id = :concertId
               AND sc.starts_at > :now
             ORDER BY s.seat_number
            """;

    /**
     * The schedule row (so a missing schedule is told apart) with every one of its seats as stored. Index use:
     * schedules PK, seats PK (schedule_id, seat_number) range.
     */
    private static final String ALL_SEATS = """
            SELECT sc.id AS schedule_id, s.seat_number, s.price, s.status, s.held_by, s.hold_expires_at
              FROM concert.schedules sc
              LEFT JOIN concert.seats s ON s.schedule_id = sc.id
             WHERE sc.id = :scheduleId
               AND sc.concert_id = :concertId
               AND sc.starts_at > :now
             ORDER BY s.seat_number
            """;

    private final DatabaseClient db;

    R2dbcSeatAvailability(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<List<AvailableSchedule>> availableSchedules(long concertId, Instant now) {
        return db.sql(AVAILABLE_SCHEDULES)
                .bind("concertId", concertId)
                .bind("now", now)
                .map((row, meta) -> {
                    Long scheduleId = row.get("schedule_id", Long.class);
                    return scheduleId == null
                            ? Optional.<AvailableSchedule>empty()
                            : Optional.of(new AvailableSchedule(scheduleId, row.get("starts_at", Instant.class),
                                    Math.toIntExact(row.get("free_seats", Long.class))));
                })
                .all()
                .collectList()
                .filter(rows -> !rows.isEmpty())
                .map(R2dbcSeatAvailability::present);
    }

    @Override
    public Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId, Instant now) {
        return scheduleSeats(FREE_SEATS, concertId, scheduleId, now,
                (row, seatNumber) -> new FreeSeat(seatNumber, row.get("price", Long.class)));
    }

    @Override
    public Mono<List<Seat>> seatsOf(long concertId, long scheduleId, Instant now) {
        return scheduleSeats(ALL_SEATS, concertId, scheduleId, now,
                (row, seatNumber) -> new Seat(scheduleId, seatNumber, row.get("price", Long.class),
                        SeatStatus.valueOf(row.get("status", String.class)), row.get("held_by", Long.class),
                        row.get("hold_expires_at", Instant.class)));
    }

    /**
     * A query of one schedule's row LEFT JOINed to its seats: empty when the schedule row is not found, else the seats
     * ({@code seat} maps a row that has a seat number).
     */
    private <T> Mono<List<T>> scheduleSeats(String sql, long concertId, long scheduleId, Instant now,
                                            BiFunction<Row, Integer, T> seat) {
        return db.sql(sql)
                .bind("concertId", concertId)
                .bind("scheduleId", scheduleId)
                .bind("now", now)
                .map((row, meta) -> {
                    Integer seatNumber = row.get("seat_number", Integer.class);
                    return seatNumber == null ? Optional.<T>empty() : Optional.of(seat.apply(row, seatNumber));
                })
                .all()
                .collectList()
                .filter(rows -> !rows.isEmpty())
                .map(R2dbcSeatAvailability::present);
    }

    /** The rows of the outer entity that carried an inner one (a LEFT JOIN with no match gives one empty row). */
    private static <T> List<T> present(List<Optional<T>> rows) {
        return rows.stream().flatMap(Optional::stream).toList();
    }
}
