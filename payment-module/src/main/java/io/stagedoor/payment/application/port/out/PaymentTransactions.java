package io.stagedoor.payment.application.port.out;

import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * The payment's transaction boundary: runs work in one new database transaction of a kind, which the concert and
 * account statements the work calls join. The app names each kind (for its tracing spans) and bounds every one in
 * time; the payment code only says which kind it runs.
 */
public interface PaymentTransactions {

    /** What a transaction is for. */
    enum Kind {
        /** One reservation, the single path. */
        PAYMENT,
        /** The {@code reservationIds} form: several reservations, never batched. */
        CHECKOUT,
        /** Concurrent payments of many payers in one transaction. */
        BATCH
    }

    /** Runs {@code work} in a transaction of {@code kind}: commits when it completes, rolls back when it fails. */
    <T> Mono<T> inTransaction(Kind kind, Mono<T> work);

    /**
     * As above, but a value that {@code rollsBack} accepts rolls the transaction back and is still emitted: a refusal
     * that is an answer for the caller, not a failure of the transaction.
     */
    <T> Mono<T> inTransaction(Kind kind, Mono<T> work, Predicate<? super T> rollsBack);
}
