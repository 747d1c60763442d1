package io.stagedoor.payment.adapter.out.persistence;

import io.stagedoor.payment.application.port.out.PaymentTransactions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** {@link PaymentTransactions} through Spring's {@link TransactionalOperator}s, one per kind of transaction. */
final class SpringPaymentTransactions implements PaymentTransactions {

    private final Map<Kind, TransactionalOperator> operators = new EnumMap<>(Kind.class);

    /** {@code operatorOf}: the operator (time limit, span name) of each kind, asked once per kind. */
    SpringPaymentTransactions(Function<Kind, TransactionalOperator> operatorOf) {
        for (Kind kind : Kind.values()) {
            operators.put(kind, Objects.requireNonNull(operatorOf.apply(kind), kind.name()));
        }
    }

    @Override
    public <T> Mono<T> inTransaction(Kind kind, Mono<T> work) {
        return operators.get(kind).transactional(work);
    }

    @Override
    public <T> Mono<T> inTransaction(Kind kind, Mono<T> work, Predicate<? super T> rollsBack) {
        // singleOrEmpty, not next(): next() cancels on the first element, and a cancelled transaction rolls back
        return operators.get(kind).execute(status -> work.doOnNext(value -> {
            if (rollsBack.test(value)) {
                status.setRollbackOnly();
            }
        })).singleOrEmpty();
    }
}
