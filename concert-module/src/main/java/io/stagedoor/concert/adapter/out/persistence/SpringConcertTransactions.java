package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.application.port.out.ConcertTransactions;
import java.util.Objects;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** {@link ConcertTransactions} through Spring's {@link TransactionalOperator} (the app's, with its time limit). */
final class SpringConcertTransactions implements ConcertTransactions {

    private final TransactionalOperator operator;

    SpringConcertTransactions(TransactionalOperator operator) {
        this.operator = Objects.requireNonNull(operator);
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return operator.transactional(work);
    }
}
