package io.stagedoor.payment.adapter.out.persistence;

import io.stagedoor.payment.application.port.out.PaidAdmissions;
import java.time.Instant;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@code payment.paid_admissions}: one row per admission that paid. {@code INSERT ... ON CONFLICT DO NOTHING} is the
 * decision: a second transaction inserting the same admission waits on the primary key until the first ends, then
 * inserts nothing (it committed) or inserts (it rolled back). A batch's admissions are marked by its opening statement
 * ({@link R2dbcPaymentBatches}), the same way.
 */
final class R2dbcPaidAdmissions implements PaidAdmissions {

    private static final String USE = """
            INSERT INTO payment.paid_admissions (admission, user_id, paid_at)
            VALUES (CAST(:admission AS char(64)), :userId, :now)
            ON CONFLICT (admission) DO NOTHING
            RETURNING admission
            """;

    private static final String PURGE = "DELETE FROM payment.paid_admissions WHERE paid_at < :cutoff";

    private final DatabaseClient db;

    R2dbcPaidAdmissions(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<Boolean> use(String admission, long userId, Instant now) {
        return db.sql(USE)
                .bind("admission", admission)
                .bind("userId", userId)
                .bind("now", now)
                .map((row, meta) -> row.get("admission", String.class))
                .all()
                .hasElements();
    }

    @Override
    public Mono<Long> purgeBefore(Instant cutoff) {
        return db.sql(PURGE).bind("cutoff", cutoff).fetch().rowsUpdated();
    }
}
