package io.stagedoor.account.application;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.common.money.Krw;
import reactor.core.publisher.Mono;

/**
 * A payment takes money from a balance (PAYMENT entry with the payment's reference). Runs inside the caller's
 * transaction when there is one: the payment's rollback undoes the debit and its entry too.
 */
final class DebitBalanceService implements DebitBalanceUseCase {

    private final BalanceMoves moves;

    DebitBalanceService(BalanceMoves moves) {
        this.moves = moves;
    }

    @Override
    public Mono<BalanceChange> debit(BalanceMovement movement) {
        return moves.debit(movement.userId().value(), movement.amount().value(), EntryType.PAYMENT, movement.reference())
                .map(balanceAfter -> new BalanceChange(movement.userId(), Krw.of(balanceAfter)));
    }
}
