package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * Gives money back to a user (a refund) and writes its REFUND ledger entry, joining the caller's transaction.
 * Fails with {@link UserNotFoundException} or {@link BalanceLimitExceededException}.
 */
public interface CreditBalanceUseCase {

    Mono<BalanceChange> credit(BalanceMovement movement);
}
