package io.stagedoor.account.api;

import java.time.Instant;
import java.util.List;

/**
 * A page of a user's ledger entries, newest first; {@code nextCursor} fetches the next (older) page, null on the last.
 */
public record BalanceHistory(long userId, List<Entry> entries, String nextCursor) {

    public BalanceHistory {
        entries = List.copyOf(entries);
    }

    /**
     * One ledger entry. {@code type} is CHARGE, PAYMENT or REFUND; {@code amount} is always positive (the type says
     * its direction); {@code balanceAfter} is the balance right after this entry.
     */
    public record Entry(String type, long amount, long balanceAfter, Instant at, String reference) {
    }
}
