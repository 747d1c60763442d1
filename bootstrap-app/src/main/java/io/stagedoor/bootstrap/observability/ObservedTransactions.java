package io.stagedoor.bootstrap.observability;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A module's {@link TransactionalOperator} whose every transaction is an observation (a span when tracing is on), so
 * the statements the transaction runs show as its children in a trace: "payment batch transaction" over the concert,
 * account and payment statements of a batch. Only wired while tracing is on; without it the plain operator is used.
 */
final class ObservedTransactions implements TransactionalOperator {

    static final String NAME = "stagedoor.db.transaction";

    private final TransactionalOperator transactions;
    private final ObservationRegistry registry;
    private final String name;

    ObservedTransactions(TransactionalOperator transactions, ObservationRegistry registry, String name) {
        this.transactions = transactions;
        this.registry = registry;
        this.name = name;
    }

    @Override
    public <T> Mono<T> transactional(Mono<T> work) {
        return Mono.deferContextual(context -> {
            Observation observation = start(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
            return transactions.transactional(work)
                    .contextWrite(inner -> inner.put(ObservationThreadLocalAccessor.KEY, observation))
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop());
        });
    }

    @Override
    public <T> Flux<T> transactional(Flux<T> work) {
        return observed(transactions.transactional(work));
    }

    @Override
    public <T> Flux<T> execute(TransactionCallback<T> action) {
        return observed(transactions.execute(action));
    }

    private <T> Flux<T> observed(Flux<T> transaction) {
        return Flux.deferContextual(context -> {
            Observation observation = start(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
            return transaction
                    .contextWrite(inner -> inner.put(ObservationThreadLocalAccessor.KEY, observation))
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop());
        });
    }

    private Observation start(Observation parent) {
        return Observation.createNotStarted(NAME, registry)
                .contextualName(name)
                .lowCardinalityKeyValue("transaction", name)
                .parentObservation(parent)
                .start();
    }
}
