package io.stagedoor.account.application;

import io.stagedoor.account.api.Balance;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.account.application.port.out.Ledger;
import reactor.core.publisher.Mono;

/** Reads a user's current balance. */
final class GetBalanceService implements GetBalanceQuery {

    private final Ledger ledger;

    GetBalanceService(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Mono<Balance> balanceOf(long userId) {
        return ledger.balanceOf(userId)
                .switchIfEmpty(Mono.error(() -> new UserNotFoundException(userId)))
                .map(balance -> new Balance(userId, balance));
    }
}
