package io.stagedoor.account.application.port.out;

import reactor.core.publisher.Mono;

/** The account's own transaction boundary (a charge with an Idempotency-Key: key, charge and outcome together). */
public interface AccountTransactions {

    /** Runs {@code work} in one new transaction: commits when it completes, rolls back when it fails. */
    <T> Mono<T> inTransaction(Mono<T> work);
}
