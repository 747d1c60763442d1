package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Reads reservations by primary key, and whether a user holds a live seat of a concert. */
final class R2dbcReservationRecords implements ReservationRecords {

    private static final String FIND = "SELECT " + ReservationRowMapper.COLUMNS
            + " FROM concert.reservations r WHERE r.id = :id";
    // the user's reservations through reservations_user_idx; expiry by the database's clock
    private static final String LIVE_HOLD = "SELECT EXISTS (SELECT 1 FROM concert.reservations r"
            + " WHERE r.user_id = :userId AND r.concert_id = :concertId AND r.status = 'HELD'"
            + " AND r.expires_at > now() AND r.created_at < :heldBefore) AS held";

    private final DatabaseClient db;

    R2dbcReservationRecords(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<Reservation> find(long reservationId) {
        return db.sql(FIND).bind("id", reservationId)
                .map((row, meta) -> ReservationRowMapper.map(row))
                .one();
    }

    @Override
    public Mono<Boolean> hasLiveHold(long userId, long concertId, Instant heldBefore) {
        return db.sql(LIVE_HOLD).bind("userId", userId).bind("concertId", concertId)
                .bind("heldBefore", heldBefore)
                .map(row -> Boolean.TRUE.equals(row.get("held", Boolean.class)))
                .one();
    }
}
