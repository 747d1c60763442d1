package io.stagedoor.account.adapter.out.persistence;

import io.stagedoor.account.application.port.out.AccountTransactions;
import java.util.Objects;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** {@link AccountTransactions} through Spring's {@link TransactionalOperator} (the app's, with its time limit). */
final class SpringAccountTransactions implements AccountTransactions {

    private final TransactionalOperator operator;

    SpringAccountTransactions(TransactionalOperator operator) {
        this.operator = Objects.requireNonNull(operator);
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return operator.transactional(work);
    }
}
