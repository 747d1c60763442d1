package io.stagedoor.bootstrap.persistence;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every transaction of the app ends within {@code limit} ({@code stagedoor.db.transaction-timeout}): past it, the
 * work is cancelled and rolled back and its caller gets a {@link TransactionTimedOutException}, answered 503 with
 * Retry-After. Without it a transaction that waits on a silent database, such as a payment batch, keeps its
 * connection and its slot for as long as TCP takes to give up. Whatever the cancelled work still waits for on its
 * connection is ended by {@link UnansweredConnections}, which closes a connection that stopped answering.
 */
public record TransactionTimeLimit(Duration limit) {

    public TransactionTimeLimit {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("stagedoor.db.transaction-timeout must be positive, was " + limit);
        }
    }

    /** A transactional operator over {@code transactions} whose every transaction is limited in time. */
    public TransactionalOperator operator(ReactiveTransactionManager transactions) {
        TransactionalOperator unlimited = TransactionalOperator.create(transactions);
        return new TransactionalOperator() {
            @Override
            public <T> Flux<T> transactional(Flux<T> work) {
                return unlimited.transactional(work).timeout(limit, Flux.defer(() -> Flux.error(timedOut())));
            }

            @Override
            public <T> Mono<T> transactional(Mono<T> work) {
                return unlimited.transactional(work).timeout(limit, Mono.defer(() -> Mono.error(timedOut())));
            }

            @Override
            public <T> Flux<T> execute(TransactionCallback<T> action) {
                return unlimited.execute(action).timeout(limit, Flux.defer(() -> Flux.error(timedOut())));
            }
        };
    }

    private TransactionTimedOutException timedOut() {
        TransactionTimedOutException error = new TransactionTimedOutException(
                "Transaction did not end within " + limit.toMillis() + " ms; rolled back");
        error.initCause(new TimeoutException(error.getMessage()));
        return error;
    }
}
