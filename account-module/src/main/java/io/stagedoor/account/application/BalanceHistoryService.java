package io.stagedoor.account.application;

import io.stagedoor.account.api.BalanceHistory;
import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.HistoryRequest;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.account.application.port.out.Ledger;
import io.stagedoor.account.application.port.out.Users;
import io.stagedoor.account.domain.LedgerEntry;
import reactor.core.publisher.Mono;

/** Reads a user's newest ledger entries; an unknown user is an error, a user without entries an empty history. */
public final class BalanceHistoryService implements BalanceHistoryQuery {

    private final Users users;
    private final Ledger ledger;

    public BalanceHistoryService(Users users, Ledger ledger) {
        this.users = users;
        this.ledger = ledger;
    }

    @Override
    public Mono<BalanceHistory> history(HistoryRequest request) {
        long userId = request.userId();
        return users.exists(userId)
                .flatMap(exists -> exists
                        ? ledger.newestFirst(userId, request.limit()).map(BalanceHistoryService::toView).collectList()
                        : Mono.error(new UserNotFoundException(userId)))
                .map(entries -> new BalanceHistory(userId, entries));
    }

    private static BalanceHistory.Entry toView(LedgerEntry entry) {
        return new BalanceHistory.Entry(
                entry.type().name(), entry.amount(), entry.balanceAfter(), entry.at(), entry.reference());
    }
}
