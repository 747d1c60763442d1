package io.stagedoor.payment.adapter.out.persistence;

import io.stagedoor.payment.application.port.out.PaidAdmissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@code payment.paid_admissions}: one row per admission that paid. {@code INSERT ... ON CONFLICT DO NOTHING} is the
 * decision: a second transaction inserting the same admission waits on the primary key until the first ends, then
 * inserts nothing (it committed) or inserts (it rolled back). Many rows are inserted in admission order, so two
 * batches never wait on each other in opposite orders.
 */
final class R2dbcPaidAdmissions implements PaidAdmissions {

    private static final String USE_ALL = """
            INSERT INTO payment.paid_admissions (admission, user_id, paid_at)
            SELECT u.admission, u.user_id, :now
              FROM unnest(CAST(:admissions AS char(64)[]), CAST(:userIds AS bigint[])) AS u(admission, user_id)
             ORDER BY u.admission
            ON CONFLICT (admission) DO NOTHING
            RETURNING admission
            """;

    private static final String RELEASE_ALL =
            "DELETE FROM payment.paid_admissions WHERE admission = ANY(CAST(:admissions AS char(64)[]))";

    private static final String PURGE = "DELETE FROM payment.paid_admissions WHERE paid_at < :cutoff";

    private final DatabaseClient db;

    R2dbcPaidAdmissions(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Mono<Boolean> use(String admission, long userId, Instant now) {
        return useAll(List.of(new Use(admission, userId)), now).map(used -> used.contains(admission));
    }

    @Override
    public Mono<Set<String>> useAll(List<Use> uses, Instant now) {
        if (uses.isEmpty()) {
            return Mono.just(Set.of());
        }
        List<Use> ordered = uses.stream().sorted(Comparator.comparing(Use::admission)).toList();
        return db.sql(USE_ALL)
                .bind("admissions", ordered.stream().map(Use::admission).toArray(String[]::new))
                .bind("userIds", ordered.stream().map(Use::userId).toArray(Long[]::new))
                .bind("now", now)
                .map((row, meta) -> row.get("admission", String.class))
                .all()
                .collect(HashSet::new, Set::add);
    }

    @Override
    public Mono<Void> releaseAll(List<String> admissions) {
        if (admissions.isEmpty()) {
            return Mono.empty();
        }
        return db.sql(RELEASE_ALL).bind("admissions", admissions.toArray(String[]::new)).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Long> purgeBefore(Instant cutoff) {
        return db.sql(PURGE).bind("cutoff", cutoff).fetch().rowsUpdated();
    }
}
