package io.stagedoor.payment.adapter.out.persistence;

import io.r2dbc.spi.Readable;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentEvent;
import io.stagedoor.payment.domain.PaymentStatus;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** payment.payments and payment.payment_history over R2DBC; joins the caller's transaction. */
public final class R2dbcPaymentRecords implements PaymentRecords {

    private final DatabaseClient database;

    public R2dbcPaymentRecords(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Long> nextPaymentId() {
        return database.sql("SELECT nextval('payment.payment_id_seq') AS id")
                .map(row -> row.get("id", Long.class))
                .one();
    }

    @Override
    public Mono<Boolean> record(Payment payment) {
        return database.sql("""
                        INSERT INTO payment.payments (id, reservation_id, user_id, amount, status, paid_at)
                        VALUES (:id, :reservationId, :userId, :amount, :status, :paidAt)
                        ON CONFLICT (reservation_id) DO NOTHING""")
                .bind("id", payment.id())
                .bind("reservationId", payment.reservationId())
                .bind("userId", payment.userId())
                .bind("amount", payment.amount())
                .bind("status", payment.status().name())
                .bind("paidAt", payment.paidAt())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    @Override
    public Mono<Void> append(PaymentEvent event) {
        DatabaseClient.GenericExecuteSpec insert = database.sql("""
                        INSERT INTO payment.payment_history (payment_id, event, amount, reference, occurred_at)
                        VALUES (:paymentId, :event, :amount, :reference, :at)""")
                .bind("paymentId", event.paymentId())
                .bind("event", event.type().name())
                .bind("amount", event.amount())
                .bind("at", event.at());
        insert = event.reference() == null ? insert.bindNull("reference", String.class) : insert.bind("reference", event.reference());
        return insert.then();
    }

    @Override
    public Flux<Payment> ofUser(long userId) {
        return database.sql("""
                        SELECT id, reservation_id, user_id, amount, status, paid_at FROM payment.payments
                        WHERE user_id = :userId ORDER BY paid_at DESC, id DESC""")
                .bind("userId", userId)
                .map(R2dbcPaymentRecords::payment)
                .all();
    }

    private static Payment payment(Readable row) {
        return new Payment(row.get("id", Long.class), row.get("reservation_id", Long.class), row.get("user_id", Long.class),
                row.get("amount", Long.class), PaymentStatus.valueOf(row.get("status", String.class)),
                row.get("paid_at", Instant.class));
    }
}
