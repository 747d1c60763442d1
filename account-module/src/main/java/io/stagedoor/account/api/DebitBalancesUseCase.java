package io.stagedoor.account.api;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The set-based twin of {@link DebitBalanceUseCase} for payments batched into one transaction: debits many users in
 * one statement (each a PAYMENT ledger entry with its movement's reference) that joins the caller's reactive
 * transaction, locking the balance rows in user order so concurrent batches never deadlock on each other.
 *
 * <p>It only reports who was debited; it never explains a refusal. A caller hands a refused movement to
 * {@link DebitBalanceUseCase}, which is the one source of the refusal's exact error (insufficient balance, no user).
 */
public interface DebitBalancesUseCase {

    /**
     * Debits each movement whose balance covers it. Emits one change per debited user; a refused movement (balance
     * too low, unknown user) is absent and changed nothing. At most one movement per user.
     */
    Mono<List<BalanceChange>> debitAll(List<BalanceMovement> movements);
}
