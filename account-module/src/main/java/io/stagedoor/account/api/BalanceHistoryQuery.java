package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/** A user's ledger entries, newest first. Fails with {@link UserNotFoundException}. */
public interface BalanceHistoryQuery {

    Mono<BalanceHistory> history(HistoryRequest request);
}
