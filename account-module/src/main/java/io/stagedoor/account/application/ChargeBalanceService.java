package io.stagedoor.account.application;

import io.stagedoor.account.api.Balance;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.InvalidAmountException;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.account.domain.LedgerEntry;
import reactor.core.publisher.Mono;

/** A user tops up their balance: the policy checks the amount, the move checks the maximum balance. */
public final class ChargeBalanceService implements ChargeBalanceUseCase {

    private final BalanceMoves moves;
    private final ChargePolicy policy;

    public ChargeBalanceService(BalanceMoves moves, ChargePolicy policy) {
        this.moves = moves;
        this.policy = policy;
    }

    @Override
    public Mono<Balance> charge(ChargeCommand command) {
        if (!policy.allowsCharge(command.amount())) {
            return Mono.error(new InvalidAmountException(policy.chargeRange()));
        }
        return moves.credit(command.userId(), command.amount(), EntryType.CHARGE, LedgerEntry.CHARGE_REFERENCE)
                .map(balanceAfter -> new Balance(command.userId(), balanceAfter));
    }
}
