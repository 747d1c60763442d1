package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/** The current balance of a user. Fails with {@link UserNotFoundException}. */
public interface GetBalanceQuery {

    Mono<Balance> balanceOf(long userId);
}
