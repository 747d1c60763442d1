package io.stagedoor.payment.adapter.out.persistence;

import static io.stagedoor.common.sql.SqlText.oneLine;

import io.stagedoor.payment.application.port.out.PaymentBatches;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentEvent;
import io.stagedoor.payment.domain.PaymentOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The batch statements of payment.idempotency_keys, payment.paid_admissions, payment.payments and
 * payment.payment_history over R2DBC, set-based with {@code unnest} of array parameters; join the caller's transaction.
 */
final class R2dbcPaymentBatches implements PaymentBatches {

    /**
     * The batch's opening, in the lock order of every payment path: first the keys, in (user, key) order — rows are
     * inserted in the order the SELECT yields them, so two batches claiming overlapping keys take their index locks in
     * one order, and a conflicting uncommitted claim is waited for (unique index), exactly like the single claim. Then
     * the admissions of the claimed and keyless requests, in admission order. The admissions' INSERT reads its rows
     * through a sort over a join with every claimed row, and a sort emits nothing before it has read all of its input,
     * so no admission is locked before every key is. ON CONFLICT judges the newest committed row, not the statement's
     * snapshot, so an admission another payment committed while this statement waited for a key is refused, as it was
     * when the admissions had a statement of their own.
     */
    private static final String OPEN_ALL = oneLine("""
            WITH wanted AS (
                SELECT * FROM unnest(CAST(:userIds AS bigint[]), CAST(:keys AS varchar[]), CAST(:fingerprints AS varchar[]),
                                     CAST(:admissions AS char(64)[]))
                       AS w(user_id, idem_key, fingerprint, admission)
            ), claimed AS (
                INSERT INTO payment.idempotency_keys (user_id, idem_key, fingerprint, state, attempt, claimed_at, created_at)
                SELECT w.user_id, w.idem_key, w.fingerprint, 'IN_PROGRESS', 1, :now, :now
                  FROM wanted w
                 WHERE w.idem_key IS NOT NULL
                 ORDER BY w.user_id, w.idem_key
                ON CONFLICT (user_id, idem_key) DO NOTHING
                RETURNING user_id
            ), opened AS (
                SELECT user_id FROM claimed
                UNION ALL
                SELECT w.user_id FROM wanted w WHERE w.idem_key IS NULL
            ), used AS (
                INSERT INTO payment.paid_admissions (admission, user_id, paid_at)
                SELECT w.admission, w.user_id, :now
                  FROM wanted w JOIN opened o ON o.user_id = w.user_id
                 ORDER BY w.admission
                ON CONFLICT (admission) DO NOTHING
                RETURNING user_id
            )
            SELECT o.user_id, nextval('payment.payment_id_seq') AS payment_id, (u.user_id IS NOT NULL) AS admitted
              FROM opened o LEFT JOIN used u ON u.user_id = o.user_id
            """);

    /**
     * Payments (ON CONFLICT (reservation_id) DO NOTHING, the exactly-once net), the history of the written ones, the
     * keys' outcomes (only for written payments and only over this batch's own fresh claims), and the released claims
     * deleted, and the admissions of requests the batch did not pay given back (this transaction marked them used, so
     * they are its own rows). The counts let the caller check that everything was written.
     */
    private static final String RECORD_ALL = oneLine("""
            WITH wanted AS (
                SELECT * FROM unnest(CAST(:ids AS bigint[]), CAST(:reservationIds AS bigint[]), CAST(:userIds AS bigint[]),
                                     CAST(:amounts AS bigint[]), CAST(:statuses AS varchar[]), CAST(:paidAts AS timestamptz[]),
                                     CAST(:events AS varchar[]), CAST(:references AS varchar[]), CAST(:keys AS varchar[]),
                                     CAST(:bodies AS text[]))
                       AS w(id, reservation_id, user_id, amount, status, paid_at, event, reference, idem_key, body)
            ), paid AS (
                INSERT INTO payment.payments (id, reservation_id, user_id, amount, status, paid_at)
                SELECT id, reservation_id, user_id, amount, status, paid_at FROM wanted
                ON CONFLICT (reservation_id) DO NOTHING
                RETURNING id
            ), history AS (
                INSERT INTO payment.payment_history (payment_id, event, amount, reference, occurred_at)
                SELECT w.id, w.event, w.amount, w.reference, w.paid_at FROM wanted w JOIN paid p ON p.id = w.id
            ), completed AS (
                UPDATE payment.idempotency_keys k
                   SET state = 'COMPLETED', response_status = :responseStatus, response_body = w.body, completed_at = w.paid_at
                  FROM wanted w JOIN paid p ON p.id = w.id
                 WHERE k.user_id = w.user_id AND k.idem_key = w.idem_key AND k.state = 'IN_PROGRESS' AND k.attempt = 1
                RETURNING k.user_id
            ), released AS (
                DELETE FROM payment.idempotency_keys k
                 USING unnest(CAST(:releasedUserIds AS bigint[]), CAST(:releasedKeys AS varchar[])) AS r(user_id, idem_key)
                 WHERE k.user_id = r.user_id AND k.idem_key = r.idem_key AND k.state = 'IN_PROGRESS' AND k.attempt = 1
                RETURNING k.user_id
            ), given_back AS (
                DELETE FROM payment.paid_admissions a
                 WHERE a.admission = ANY(CAST(:unusedAdmissions AS char(64)[]))
                RETURNING a.admission
            )
            SELECT (SELECT count(*) FROM paid) AS recorded, (SELECT count(*) FROM completed) AS completed,
                   (SELECT count(*) FROM released) AS released, (SELECT count(*) FROM given_back) AS given_back
            """);

    private final DatabaseClient database;
    private final OutcomeJson json;

    R2dbcPaymentBatches(DatabaseClient database) {
        this.database = Objects.requireNonNull(database);
        this.json = new OutcomeJson();
    }

    @Override
    public Mono<Map<Long, Opened>> openAll(List<Opening> requests, Instant now) {
        return database.sql(OPEN_ALL)
                .bind("userIds", requests.stream().map(Opening::userId).toArray(Long[]::new))
                .bind("keys", requests.stream().map(request -> request.key() == null ? null : request.key().value())
                        .toArray(String[]::new))
                .bind("fingerprints", requests.stream()
                        .map(request -> request.fingerprint() == null ? null : request.fingerprint().hex())
                        .toArray(String[]::new))
                .bind("admissions", requests.stream().map(Opening::admission).toArray(String[]::new))
                .bind("now", now)
                .map(row -> Map.entry(row.get("user_id", Long.class),
                        new Opened(row.get("payment_id", Long.class), Boolean.TRUE.equals(row.get("admitted", Boolean.class)))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(opened -> (Map<Long, Opened>) opened);
    }

    @Override
    public Mono<Void> recordAll(List<Recorded> paid, List<Released> released, List<String> unusedAdmissions) {
        if (paid.isEmpty() && released.isEmpty() && unusedAdmissions.isEmpty()) {
            return Mono.empty();
        }
        List<Payment> payments = paid.stream().map(recorded -> recorded.paid().payment()).toList();
        List<PaymentEvent> events = payments.stream().map(Payment::completedEvent).toList();
        long keyed = paid.stream().filter(recorded -> recorded.key() != null).count();
        return database.sql(RECORD_ALL)
                .bind("ids", payments.stream().map(Payment::id).toArray(Long[]::new))
                .bind("reservationIds", payments.stream().map(Payment::reservationId).toArray(Long[]::new))
                .bind("userIds", payments.stream().map(Payment::userId).toArray(Long[]::new))
                .bind("amounts", payments.stream().map(Payment::amount).toArray(Long[]::new))
                .bind("statuses", payments.stream().map(payment -> payment.status().name()).toArray(String[]::new))
                // as ISO-8601 text: PostgreSQL parses it into timestamptz exactly (the driver has no Instant[] codec to rely on)
                .bind("paidAts", payments.stream().map(payment -> payment.paidAt().toString()).toArray(String[]::new))
                .bind("events", events.stream().map(event -> event.type().name()).toArray(String[]::new))
                .bind("references", events.stream().map(PaymentEvent::reference).toArray(String[]::new))
                .bind("keys", paid.stream().map(recorded -> recorded.key() == null ? null : recorded.key().value())
                        .toArray(String[]::new))
                .bind("bodies", paid.stream().map(recorded -> recorded.key() == null ? null : json.write(recorded.paid()))
                        .toArray(String[]::new))
                .bind("responseStatus", PaymentOutcome.Paid.STATUS)
                .bind("releasedUserIds", released.stream().map(Released::userId).toArray(Long[]::new))
                .bind("releasedKeys", released.stream().map(release -> release.key().value()).toArray(String[]::new))
                .bind("unusedAdmissions", unusedAdmissions.toArray(String[]::new))
                .map(row -> new long[] {row.get("recorded", Long.class), row.get("completed", Long.class),
                        row.get("released", Long.class), row.get("given_back", Long.class)})
                .one()
                .flatMap(counts -> counts[0] == payments.size() && counts[1] == keyed && counts[2] == released.size()
                        && counts[3] == unusedAdmissions.size()
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("a payment batch wrote " + counts[0] + " of "
                                + payments.size() + " payments, " + counts[1] + " of " + keyed + " key outcomes, released "
                                + counts[2] + " of " + released.size() + " claims and gave back " + counts[3] + " of "
                                + unusedAdmissions.size() + " admissions; it rolls back")));
    }
}
