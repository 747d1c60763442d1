package io.stagedoor.account.application;

import io.stagedoor.account.api.BalanceLimitExceededException;
import io.stagedoor.account.api.InsufficientBalanceException;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.account.application.port.out.Ledger;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.account.domain.LedgerEntry;
import java.time.Clock;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Moves money on a balance the one safe way: a single conditional write decides (and appends the ledger entry); only
 * when it changed nothing is the balance read, to tell "no such user" from "limit" or "insufficient". Shared by the
 * charge, credit and debit use cases. No transaction of its own: each move is one atomic statement, and inside a
 * caller's transaction it is part of that transaction.
 */
final class BalanceMoves {

    private final Ledger ledger;
    private final ChargePolicy policy;
    private final Clock clock;

    BalanceMoves(Ledger ledger, ChargePolicy policy, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds money within the maximum balance; the balance after. */
    public Mono<Long> credit(long userId, long amount, EntryType type, String reference) {
        return Mono.defer(() -> {
            requireMove(type, true, reference);
            return ledger.credit(userId, amount, policy.ceilingFor(amount), type, reference, clock.instant())
                    .switchIfEmpty(Mono.defer(() -> ledger.balanceOf(userId)
                            .switchIfEmpty(Mono.error(() -> new UserNotFoundException(userId)))
                            .flatMap(balance -> Mono.error(
                                    new BalanceLimitExceededException(userId, amount, balance, policy.maxBalance())))));
        });
    }

    /** Takes money the balance covers; the balance after. */
    public Mono<Long> debit(long userId, long amount, EntryType type, String reference) {
        return Mono.defer(() -> {
            requireMove(type, false, reference);
            return ledger.debit(userId, amount, type, reference, clock.instant())
                    .switchIfEmpty(Mono.defer(() -> ledger.balanceOf(userId)
                            .switchIfEmpty(Mono.error(() -> new UserNotFoundException(userId)))
                            .flatMap(balance -> Mono.error(new InsufficientBalanceException(userId, amount, balance)))));
        });
    }

    private static void requireMove(EntryType type, boolean credit, String reference) {
        if (type.isCredit() != credit) {
            throw new IllegalArgumentException(type + " is not a " + (credit ? "credit" : "debit"));
        }
        LedgerEntry.requireValidReference(reference);
    }
}
