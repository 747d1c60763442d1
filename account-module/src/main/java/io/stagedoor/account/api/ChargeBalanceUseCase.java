package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * Tops up a user's balance and appends a CHARGE ledger entry, atomically.
 * Fails with {@link InvalidAmountException}, {@link UserNotFoundException} or {@link BalanceLimitExceededException}.
 */
public interface ChargeBalanceUseCase {

    Mono<Balance> charge(ChargeCommand command);
}
