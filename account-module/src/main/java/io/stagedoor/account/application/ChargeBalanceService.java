package io.stagedoor.account.application;

import io.stagedoor.account.api.Balance;
import io.stagedoor.account.api.BalanceLimitExceededException;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.ChargeKeyReusedException;
import io.stagedoor.account.api.InvalidAmountException;
import io.stagedoor.account.api.ReplayedChargeRefusalException;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.account.application.port.out.AccountTransactions;
import io.stagedoor.account.application.port.out.ChargeKeys;
import io.stagedoor.account.domain.ChargeOutcome;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.account.domain.LedgerEntry;
import io.stagedoor.common.problem.StagedoorProblem;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * A user tops up their balance: the policy checks the amount, the move checks the maximum balance.
 *
 * <p>With an Idempotency-Key, ONE transaction claims the key (INSERT ... ON CONFLICT DO NOTHING on its primary key),
 * makes the charge and writes its outcome, so a committed key always carries its outcome and a charge is never
 * credited twice: a concurrent request with the same key waits on the key until that transaction ends and then replays
 * what it stored (or, after a rollback, claims the key itself). A refusal of the charge (the balance limit, no such
 * user) wrote nothing but the key, so it is stored and committed like a success and replayed the same way. Bad input
 * (the amount's range) is answered before the key is touched and is not stored.
 */
final class ChargeBalanceService implements ChargeBalanceUseCase {

    private final BalanceMoves moves;
    private final ChargePolicy policy;
    private final ChargeKeys keys;
    private final AccountTransactions transactions;
    private final Clock clock;

    ChargeBalanceService(BalanceMoves moves, ChargePolicy policy, ChargeKeys keys, AccountTransactions transactions,
                                Clock clock) {
        this.moves = moves;
        this.policy = policy;
        this.keys = keys;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Mono<Balance> charge(ChargeCommand command) {
        if (!policy.allowsCharge(command.amount())) {
            return Mono.error(new InvalidAmountException(policy.chargeRange()));
        }
        if (command.idempotencyKey() == null) {
            return credit(command);
        }
        return transactions.inTransaction(keys.claim(command.userId(), command.idempotencyKey(), command.amount(), clock.instant())
                        .flatMap(claimed -> claimed ? chargeAndStore(command) : stored(command)))
                .flatMap(outcome -> answer(command, outcome));
    }

    private Mono<Balance> credit(ChargeCommand command) {
        return moves.credit(command.userId(), command.amount(), EntryType.CHARGE, LedgerEntry.CHARGE_REFERENCE)
                .map(balanceAfter -> new Balance(command.userId(), balanceAfter));
    }

    private Mono<ChargeOutcome> chargeAndStore(ChargeCommand command) {
        return credit(command)
                .map(balance -> ChargeOutcome.charged(balance.balance()))
                .onErrorResume(ChargeBalanceService::isDefinitiveRefusal, refusal -> Mono.just(refusalOf((StagedoorProblem) refusal)))
                .flatMap(outcome -> keys.complete(command.userId(), command.idempotencyKey(), outcome).thenReturn(outcome));
    }

    private Mono<ChargeOutcome> stored(ChargeCommand command) {
        return keys.stored(command.userId(), command.idempotencyKey())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("Idempotency-Key of user " + command.userId()
                        + " neither claimed nor stored")))
                .flatMap(stored -> stored.isSameRequestAs(command.amount())
                        ? Mono.just(stored.outcome())
                        : Mono.error(new ChargeKeyReusedException(command.idempotencyKey())));
    }

    private static Mono<Balance> answer(ChargeCommand command, ChargeOutcome outcome) {
        if (outcome.isCharge()) {
            return Mono.just(new Balance(command.userId(), outcome.balanceAfter()));
        }
        return Mono.error(new ReplayedChargeRefusalException(outcome.status(), outcome.code(), outcome.title(), outcome.detail()));
    }

    private static boolean isDefinitiveRefusal(Throwable error) {
        return error instanceof BalanceLimitExceededException || error instanceof UserNotFoundException;
    }

    private static ChargeOutcome refusalOf(StagedoorProblem refusal) {
        return ChargeOutcome.refused(refusal.kind().status(), refusal.code(), refusal.title(), refusal.detail());
    }
}
