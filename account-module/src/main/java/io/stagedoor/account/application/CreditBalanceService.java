package io.stagedoor.account.application;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.CreditBalanceUseCase;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.common.money.Krw;
import reactor.core.publisher.Mono;

/**
 * A refund gives money back (REFUND entry with the caller's reference), still bounded by the maximum balance but
 * not by the per-charge maximum. Runs inside the caller's transaction when there is one.
 */
final class CreditBalanceService implements CreditBalanceUseCase {

    private final BalanceMoves moves;

    CreditBalanceService(BalanceMoves moves) {
        this.moves = moves;
    }

    @Override
    public Mono<BalanceChange> credit(BalanceMovement movement) {
        return moves.credit(movement.userId().value(), movement.amount().value(), EntryType.REFUND, movement.reference())
                .map(balanceAfter -> new BalanceChange(movement.userId(), Krw.of(balanceAfter)));
    }
}
