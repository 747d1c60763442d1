package io.stagedoor.payment.adapter.out.persistence;

import io.r2dbc.spi.Readable;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentEvent;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.PaymentStatus;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * payment.payments, payment.payment_history (and, for {@link #record}, the key's outcome in payment.idempotency_keys)
 * over R2DBC; joins the caller's transaction.
 */
final class R2dbcPaymentRecords implements PaymentRecords {

    /**
     * Payment row (ON CONFLICT (reservation_id) DO NOTHING: the exactly-once net), its history event only if the
     * payment row was written. The history's foreign key is checked at the end of the statement, when the payment row
     * of the sibling CTE exists.
     */
    private static final String PAYMENT_AND_HISTORY = """
            WITH paid AS (
                INSERT INTO payment.payments (id, reservation_id, user_id, amount, status, paid_at)
                VALUES (:id, :reservationId, :userId, :amount, :paymentStatus, :paidAt)
                ON CONFLICT (reservation_id) DO NOTHING
                RETURNING id
            ), history AS (
                INSERT INTO payment.payment_history (payment_id, event, amount, reference, occurred_at)
                SELECT id, :event, :eventAmount, :reference, :occurredAt FROM paid
            )""";

    private static final String RECORD = PAYMENT_AND_HISTORY + """

            SELECT (SELECT count(*) FROM paid) AS recorded, 1 AS completed""";

    /** The same, plus the key's outcome — COMPLETED only together with the payment, and only by the owning attempt. */
    private static final String RECORD_AND_COMPLETE_KEY = PAYMENT_AND_HISTORY + """
            , completed AS (
                UPDATE payment.idempotency_keys
                   SET state = 'COMPLETED', response_status = :responseStatus, response_body = :responseBody,
                       completed_at = :completedAt
                 WHERE user_id = :userId AND idem_key = :key AND state = 'IN_PROGRESS' AND attempt = :attempt
                   AND EXISTS (SELECT 1 FROM paid)
                RETURNING attempt
            )
            SELECT (SELECT count(*) FROM paid) AS recorded, (SELECT count(*) FROM completed) AS completed""";

    private final DatabaseClient database;
    private final OutcomeJson json;

    R2dbcPaymentRecords(DatabaseClient database) {
        this.database = database;
        this.json = new OutcomeJson();
    }

    @Override
    public Mono<Long> nextPaymentId() {
        return database.sql("SELECT nextval('payment.payment_id_seq') AS id")
                .map(row -> row.get("id", Long.class))
                .one();
    }

    @Override
    public Flux<Long> nextPaymentIds(int count) {
        return database.sql("SELECT nextval('payment.payment_id_seq') AS id FROM generate_series(1, :count)")
                .bind("count", count)
                .map(row -> row.get("id", Long.class))
                .all();
    }

    @Override
    public Mono<Recording> record(PaymentOutcome.Paid paid, IdempotencyKey key, int attempt) {
        Payment payment = paid.payment();
        PaymentEvent event = payment.completedEvent();
        DatabaseClient.GenericExecuteSpec insert = database.sql(key == null ? RECORD : RECORD_AND_COMPLETE_KEY)
                .bind("id", payment.id())
                .bind("reservationId", payment.reservationId())
                .bind("userId", payment.userId())
                .bind("amount", payment.amount())
                .bind("paymentStatus", payment.status().name())
                .bind("paidAt", payment.paidAt())
                .bind("event", event.type().name())
                .bind("eventAmount", event.amount())
                .bind("reference", event.reference())
                .bind("occurredAt", event.at());
        if (key != null) {
            insert = insert
                    .bind("responseStatus", paid.status())
                    .bind("responseBody", json.write(paid))
                    .bind("completedAt", payment.paidAt())
                    .bind("key", key.value())
                    .bind("attempt", attempt);
        }
        return insert
                .map(row -> {
                    if (row.get("recorded", Long.class) != 1) {
                        return Recording.RESERVATION_ALREADY_PAID;
                    }
                    return ((Number) row.get("completed")).longValue() == 1 ? Recording.RECORDED : Recording.KEY_NOT_OWNED;
                })
                .one();
    }

    @Override
    public Flux<Payment> ofUser(long userId, Long afterPaymentId, int limit) {
        if (afterPaymentId == null) {
            return database.sql("""
                            SELECT id, reservation_id, user_id, amount, status, paid_at FROM payment.payments
                            WHERE user_id = :userId ORDER BY paid_at DESC, id DESC LIMIT :limit""")
                    .bind("userId", userId)
                    .bind("limit", limit)
                    .map(R2dbcPaymentRecords::payment)
                    .all();
        }
        // keyset paging on the newest-first index: a cursor that is not one of the user's payments pages nothing
        return database.sql("""
                        SELECT p.id, p.reservation_id, p.user_id, p.amount, p.status, p.paid_at
                          FROM payment.payments p
                          JOIN payment.payments c ON c.id = :after AND c.user_id = :userId
                         WHERE p.user_id = :userId AND (p.paid_at, p.id) < (c.paid_at, c.id)
                         ORDER BY p.paid_at DESC, p.id DESC LIMIT :limit""")
                .bind("userId", userId)
                .bind("after", afterPaymentId)
                .bind("limit", limit)
                .map(R2dbcPaymentRecords::payment)
                .all();
    }

    private static Payment payment(Readable row) {
        return new Payment(row.get("id", Long.class), row.get("reservation_id", Long.class), row.get("user_id", Long.class),
                row.get("amount", Long.class), PaymentStatus.valueOf(row.get("status", String.class)),
                row.get("paid_at", Instant.class));
    }
}
