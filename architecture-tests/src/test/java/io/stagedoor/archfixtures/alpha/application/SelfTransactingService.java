package io.stagedoor.archfixtures.alpha.application;

import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Bad: an application service that opens its transaction with Spring's operator instead of its module's port. */
public class SelfTransactingService {

    private final TransactionalOperator transaction;

    public SelfTransactingService(TransactionalOperator transaction) {
        this.transaction = transaction;
    }

    public Mono<Long> create(Mono<Long> work) {
        return transaction.transactional(work);
    }
}
