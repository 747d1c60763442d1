package io.stagedoor.account.application;

import io.stagedoor.account.api.BalanceHistory;
import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.HistoryRequest;
import io.stagedoor.account.api.UserNotFoundException;
import io.stagedoor.account.application.port.out.Ledger;
import io.stagedoor.account.application.port.out.Users;
import io.stagedoor.account.domain.LedgerEntry;
import java.util.List;
import reactor.core.publisher.Mono;

/** Reads a page of a user's ledger entries, newest first; an unknown user is an error, a user without entries an empty history. */
final class BalanceHistoryService implements BalanceHistoryQuery {

    private final Users users;
    private final Ledger ledger;

    BalanceHistoryService(Users users, Ledger ledger) {
        this.users = users;
        this.ledger = ledger;
    }

    @Override
    public Mono<BalanceHistory> history(HistoryRequest request) {
        long userId = request.userId();
        return users.exists(userId)
                .flatMap(exists -> exists
                        // one more than the page, so the last page says it is the last
                        ? ledger.newestFirst(userId, request.cursor(), request.limit() + 1).collectList()
                        : Mono.error(new UserNotFoundException(userId)))
                .map(listed -> page(userId, listed, request.limit()));
    }

    private static BalanceHistory page(long userId, List<Ledger.Listed> listed, int limit) {
        List<Ledger.Listed> shown = listed.size() > limit ? listed.subList(0, limit) : listed;
        String nextCursor = listed.size() > limit ? Long.toString(shown.get(limit - 1).id()) : null;
        return new BalanceHistory(userId, shown.stream().map(line -> toView(line.entry())).toList(), nextCursor);
    }

    private static BalanceHistory.Entry toView(LedgerEntry entry) {
        return new BalanceHistory.Entry(
                entry.type().name(), entry.amount(), entry.balanceAfter(), entry.at(), entry.reference());
    }
}
