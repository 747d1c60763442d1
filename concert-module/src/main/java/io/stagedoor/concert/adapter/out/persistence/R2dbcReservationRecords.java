package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.domain.Reservation;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Reads reservations by primary key. */
public final class R2dbcReservationRecords implements ReservationRecords {

    private static final String FIND = "SELECT " + ReservationRowMapper.COLUMNS
            + " FROM concert.reservations r WHERE r.id = :id";

    private final DatabaseClient db;

    public R2dbcReservationRecords(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<Reservation> find(long reservationId) {
        return db.sql(FIND).bind("id", reservationId)
                .map((row, meta) -> ReservationRowMapper.map(row))
                .one();
    }
}
