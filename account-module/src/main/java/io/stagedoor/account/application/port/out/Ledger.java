package io.stagedoor.account.application.port.out;

import io.stagedoor.account.domain.EntryType;
import io.stagedoor.account.domain.LedgerEntry;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Balances and their append-only ledger. Every change of a balance is one conditional write that also appends its
 * ledger entry, so the two can never disagree; it takes part in the caller's transaction when there is one.
 */
public interface Ledger {

    /**
     * Adds {@code amount} to the balance if it is at most {@code ceiling} now, appending an entry of {@code type}.
     *
     * @return the balance after, or empty when nothing changed (no such user, or the balance is above the ceiling)
     */
    Mono<Long> credit(long userId, long amount, long ceiling, EntryType type, String reference, Instant at);

    /**
     * Takes {@code amount} from the balance if it covers it, appending an entry of {@code type}.
     *
     * @return the balance after, or empty when nothing changed (no such user, or the balance is lower than the amount)
     */
    Mono<Long> debit(long userId, long amount, EntryType type, String reference, Instant at);

    /** The current balance; empty when there is no such user. */
    Mono<Long> balanceOf(long userId);

    /**
     * The user's newest entries, newest first (the order in which they changed the balance, reversed), older than the
     * entry {@code beforeId} (null: from the newest), each with its id (the next page's cursor).
     */
    Flux<Listed> newestFirst(long userId, Long beforeId, int limit);

    /** A ledger entry as listed, with the id that orders it. */
    record Listed(long id, LedgerEntry entry) {
    }
}
