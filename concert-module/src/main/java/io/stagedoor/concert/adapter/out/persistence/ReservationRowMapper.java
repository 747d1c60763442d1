package io.stagedoor.concert.adapter.out.persistence;

import io.r2dbc.spi.Readable;
import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.ReservationStatus;
import java.time.Instant;

/** Maps a {@code concert.reservations} row (columns named as in the table) to the domain reservation. */
final class ReservationRowMapper {

    /** The select list every reservation query uses, for a table aliased {@code r}. */
    static final String COLUMNS =
            "r.id, r.user_id, r.concert_id, r.schedule_id, r.seat_number, r.price, r.status, r.expires_at";

    private ReservationRowMapper() {
    }

    static Reservation map(Readable row) {
        return new Reservation(
                row.get("id", Long.class),
                row.get("user_id", Long.class),
                row.get("concert_id", Long.class),
                row.get("schedule_id", Long.class),
                row.get("seat_number", Integer.class),
                row.get("price", Long.class),
                ReservationStatus.valueOf(row.get("status", String.class)),
                row.get("expires_at", Instant.class));
    }
}
