package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * Tops up a user's balance and appends a CHARGE ledger entry, atomically.
 * Fails with {@link InvalidAmountException}, {@link UserNotFoundException} or {@link BalanceLimitExceededException}.
 * With an Idempotency-Key, a repeat of the same charge gets the first answer again (a refusal as a
 * {@link ReplayedChargeRefusalException} with the same status, code, title and detail) and never credits twice; the
 * same key with another amount fails with {@link ChargeKeyReusedException}.
 */
public interface ChargeBalanceUseCase {

    Mono<Balance> charge(ChargeCommand command);
}
