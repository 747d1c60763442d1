package io.stagedoor.payment.adapter.out.persistence;

import io.stagedoor.payment.application.port.out.IdempotencyKeys;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.application.port.out.PaymentBatches;
import io.stagedoor.payment.application.port.out.PaymentRecords;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The payment schema's adapters over one transaction-aware {@link DatabaseClient}, handed out as the application's
 * outbound ports; the adapters themselves stay package-private.
 */
public final class PaymentPersistence {

    private final DatabaseClient db;

    public PaymentPersistence(DatabaseClient db) {
        this.db = Objects.requireNonNull(db);
    }

    public PaymentRecords records() {
        return new R2dbcPaymentRecords(db);
    }

    public IdempotencyKeys idempotencyKeys() {
        return new R2dbcIdempotencyKeys(db);
    }

    public PaidAdmissions paidAdmissions() {
        return new R2dbcPaidAdmissions(db);
    }

    public PaymentBatches batches() {
        return new R2dbcPaymentBatches(db);
    }

    /** The transaction boundary: {@code operatorOf} gives the operator (time limit, span name) of each kind. */
    public static PaymentTransactions transactions(Function<PaymentTransactions.Kind, TransactionalOperator> operatorOf) {
        return new SpringPaymentTransactions(operatorOf);
    }
}
