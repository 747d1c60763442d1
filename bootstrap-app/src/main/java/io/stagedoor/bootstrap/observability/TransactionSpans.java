package io.stagedoor.bootstrap.observability;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Gives a module's transactions a span of their own while tracing is on (see {@link ObservedTransactions}); while it
 * is off, hands the operator back untouched, so the hot paths pay nothing for it.
 */
public final class TransactionSpans {

    private final ObservationRegistry registry;
    private final boolean tracing;

    TransactionSpans(ObservationRegistry registry, boolean tracing) {
        this.registry = registry;
        this.tracing = tracing;
    }

    /** {@code transactions}, each of its transactions a span named {@code name} when tracing is on. */
    public TransactionalOperator named(String name, TransactionalOperator transactions) {
        return tracing ? new ObservedTransactions(transactions, registry, name) : transactions;
    }
}
