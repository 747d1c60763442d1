package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.api.ConcertSummary;
import io.stagedoor.concert.application.port.out.ConcertCatalog;
import io.stagedoor.concert.domain.SeatNumbering;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Concerts and schedules in {@code concert.concerts}, {@code concert.schedules} and {@code concert.seats}. */
final class R2dbcConcertCatalog implements ConcertCatalog {

    private static final String ALL = "SELECT c.id, c.title FROM concert.concerts c ORDER BY c.id";

    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM concert.concerts c WHERE c.id = :id) AS found";

    private static final String ADD_CONCERT = "INSERT INTO concert.concerts (title) VALUES (:title) RETURNING id";

    /** One statement: the schedule row and its seats 1..N, all AVAILABLE at one price. */
    private static final String ADD_SCHEDULE = """
            WITH schedule AS (
                INSERT INTO concert.schedules (concert_id, starts_at) VALUES (:concertId, :startsAt)
                RETURNING id
            ), seats AS (
                INSERT INTO concert.seats (schedule_id, seat_number, price, status)
                SELECT schedule.id, n, :price, 'AVAILABLE'
                  FROM schedule CROSS JOIN generate_series(1, :seatCount) AS n
            )
            SELECT id FROM schedule
            """;

    private final DatabaseClient db;

    R2dbcConcertCatalog(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<List<ConcertSummary>> allConcerts() {
        return db.sql(ALL)
                .map((row, meta) -> new ConcertSummary(row.get("id", Long.class), row.get("title", String.class)))
                .all()
                .collectList();
    }

    @Override
    public Mono<List<ConcertSummary>> concertsAfter(Long afterId, int limit) {
        // keyset paging on the primary key: no offset to skip, and concerts added meanwhile move nothing
        return db.sql("SELECT c.id, c.title FROM concert.concerts c WHERE c.id > :after ORDER BY c.id LIMIT :limit")
                .bind("after", afterId == null ? 0L : afterId)
                .bind("limit", limit)
                .map((row, meta) -> new ConcertSummary(row.get("id", Long.class), row.get("title", String.class)))
                .all()
                .collectList();
    }

    @Override
    public Mono<Boolean> concertExists(long concertId) {
        return db.sql(EXISTS).bind("id", concertId)
                .map((row, meta) -> row.get("found", Boolean.class))
                .one();
    }

    @Override
    public Mono<Long> addConcert(String title) {
        return db.sql(ADD_CONCERT).bind("title", title)
                .map((row, meta) -> row.get("id", Long.class))
                .one();
    }

    @Override
    public Mono<Long> addSchedule(long concertId, Instant startsAt, SeatNumbering seats, long price) {
        return db.sql(ADD_SCHEDULE)
                .bind("concertId", concertId)
                .bind("startsAt", startsAt)
                .bind("price", price)
                .bind("seatCount", seats.seatCount())
                .map((row, meta) -> row.get("id", Long.class))
                .one();
    }
}
