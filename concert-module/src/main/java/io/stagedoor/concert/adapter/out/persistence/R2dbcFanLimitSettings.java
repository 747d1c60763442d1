package io.stagedoor.concert.adapter.out.persistence;

import static io.stagedoor.common.sql.SqlText.oneLine;

import io.r2dbc.spi.Readable;
import io.stagedoor.concert.application.port.out.FanLimitSettings;
import java.util.Objects;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** A concert's own per-fan limits in {@code concert.concerts} (NULL: the configured default). */
public final class R2dbcFanLimitSettings implements FanLimitSettings {

    private static final String FIND =
            "SELECT holds_per_fan, tickets_per_fan FROM concert.concerts WHERE id = :id";

    private static final String UPDATE = oneLine("""
            UPDATE concert.concerts
               SET holds_per_fan = CASE WHEN :changeHolds THEN CAST(:holds AS integer) ELSE holds_per_fan END,
                   tickets_per_fan = CASE WHEN :changeTickets THEN CAST(:tickets AS integer) ELSE tickets_per_fan END
             WHERE id = :id
            RETURNING holds_per_fan, tickets_per_fan
            """);

    private final DatabaseClient db;

    public R2dbcFanLimitSettings(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<Stored> find(long concertId) {
        return db.sql(FIND).bind("id", concertId).map((row, meta) -> stored(row)).one();
    }

    @Override
    public Mono<Stored> update(long concertId, Optional<Integer> holdsPerFan, Optional<Integer> ticketsPerFan) {
        DatabaseClient.GenericExecuteSpec update = db.sql(UPDATE)
                .bind("id", concertId)
                .bind("changeHolds", holdsPerFan != null)
                .bind("changeTickets", ticketsPerFan != null);
        update = bindNumber(update, "holds", holdsPerFan);
        update = bindNumber(update, "tickets", ticketsPerFan);
        return update.map((row, meta) -> stored(row)).one();
    }

    private static DatabaseClient.GenericExecuteSpec bindNumber(DatabaseClient.GenericExecuteSpec spec, String name,
                                                                Optional<Integer> change) {
        return change != null && change.isPresent() ? spec.bind(name, change.get()) : spec.bindNull(name, Integer.class);
    }

    private static Stored stored(Readable row) {
        return new Stored(Optional.ofNullable(row.get("holds_per_fan", Integer.class)),
                Optional.ofNullable(row.get("tickets_per_fan", Integer.class)));
    }
}
