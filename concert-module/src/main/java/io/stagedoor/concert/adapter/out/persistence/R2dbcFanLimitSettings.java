package io.stagedoor.concert.adapter.out.persistence;

import static io.stagedoor.common.sql.SqlText.oneLine;

import io.r2dbc.spi.Readable;
import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.FanOfConcert;
import io.stagedoor.concert.application.port.out.FanLimitSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A concert's own per-fan limits in {@code concert.concerts} (NULL: the configured default), and a fan's tickets
 * against them under the fan's advisory lock — the same lock key {@link R2dbcHoldBatch} takes, so holds and payments of
 * one fan and concert queue on each other on every instance.
 */
final class R2dbcFanLimitSettings implements FanLimitSettings {

    private static final String FIND =
            "SELECT holds_per_fan, tickets_per_fan FROM concert.concerts WHERE id = :id";

    private static final String UPDATE = oneLine("""
            UPDATE concert.concerts
               SET holds_per_fan = CASE WHEN :changeHolds THEN CAST(:holds AS integer) ELSE holds_per_fan END,
                   tickets_per_fan = CASE WHEN :changeTickets THEN CAST(:tickets AS integer) ELSE tickets_per_fan END
             WHERE id = :id
            RETURNING holds_per_fan, tickets_per_fan
            """);

    /** Its own statement: a statement's snapshot is taken when it starts, so a count after the lock sees every commit before it. */
    private static final String LOCK_FAN = "SELECT count(pg_advisory_xact_lock(:key)) AS locked";

    /**
     * The decision is the database's: tickets of the fan against the limit in force. The {@code status IN} condition
     * lets the planner use the partial index {@code reservations_fan_live_idx}, as the hold statement's count does.
     */
    private static final String TICKET_STANDING = oneLine("""
            SELECT t.tickets, t.ticket_limit, t.tickets <= t.ticket_limit AS within_limit
              FROM (SELECT coalesce(c.tickets_per_fan, :defaultTicketsPerFan) AS ticket_limit,
                           (SELECT count(*) FROM concert.reservations r
                             WHERE r.user_id = :userId AND r.concert_id = c.id
                               AND r.status IN ('HELD', 'CONFIRMED') AND r.status = 'CONFIRMED') AS tickets
                      FROM concert.concerts c
                     WHERE c.id = :concertId) t
            """);

    /** The set-based twin of {@link #TICKET_STANDING}: the fans past their limit. */
    private static final String PAST_TICKET_LIMIT = oneLine("""
            SELECT f.user_id, f.concert_id
              FROM unnest(CAST(:userIds AS bigint[]), CAST(:concertIds AS bigint[])) AS f(user_id, concert_id)
              JOIN concert.concerts c ON c.id = f.concert_id
             WHERE (SELECT count(*) FROM concert.reservations r
                     WHERE r.user_id = f.user_id AND r.concert_id = f.concert_id
                       AND r.status IN ('HELD', 'CONFIRMED') AND r.status = 'CONFIRMED')
                   > coalesce(c.tickets_per_fan, :defaultTicketsPerFan)
            """);

    private final DatabaseClient db;

    R2dbcFanLimitSettings(DatabaseClient db) {
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

    @Override
    public Mono<Void> lockFan(long userId, long concertId) {
        return db.sql(LOCK_FAN).bind("key", R2dbcHoldBatch.fanKey(userId, concertId))
                .map((row, meta) -> 1).one().then();
    }

    @Override
    public Mono<Void> lockFans(List<FanOfConcert> fans) {
        Long[] keys = fans.stream()
                .map(fan -> R2dbcHoldBatch.fanKey(fan.userId().value(), fan.concertId().value()))
                .toArray(Long[]::new);
        return db.sql(R2dbcHoldBatch.LOCK_FANS).bind("keys", keys).map((row, meta) -> 1).one().then();
    }

    @Override
    public Mono<Set<FanOfConcert>> pastTicketLimit(List<FanOfConcert> fans, int defaultTicketsPerFan) {
        return db.sql(PAST_TICKET_LIMIT)
                .bind("userIds", fans.stream().map(fan -> fan.userId().value()).toArray(Long[]::new))
                .bind("concertIds", fans.stream().map(fan -> fan.concertId().value()).toArray(Long[]::new))
                .bind("defaultTicketsPerFan", defaultTicketsPerFan)
                .map((row, meta) -> new FanOfConcert(UserId.of(row.get("user_id", Long.class)),
                        ConcertId.of(row.get("concert_id", Long.class))))
                .all()
                .collect(Collectors.toSet());
    }

    @Override
    public Mono<TicketStanding> ticketStanding(long userId, long concertId, int defaultTicketsPerFan) {
        return db.sql(TICKET_STANDING)
                .bind("userId", userId)
                .bind("concertId", concertId)
                .bind("defaultTicketsPerFan", defaultTicketsPerFan)
                .map((row, meta) -> new TicketStanding(row.get("tickets", Long.class), row.get("ticket_limit", Integer.class),
                        Boolean.TRUE.equals(row.get("within_limit", Boolean.class))))
                .one();
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
