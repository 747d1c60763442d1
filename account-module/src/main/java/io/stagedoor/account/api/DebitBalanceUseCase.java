package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * Takes money from a user's balance for a payment and writes its PAYMENT ledger entry.
 * Joins the caller's reactive transaction, so a payment can debit and record itself atomically.
 * Fails with {@link UserNotFoundException} or {@link InsufficientBalanceException}.
 */
public interface DebitBalanceUseCase {

    Mono<BalanceChange> debit(BalanceMovement movement);
}
