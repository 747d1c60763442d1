package io.stagedoor.account.application.port.out;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.domain.EntryType;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Many debits in ONE statement: each a conditional UPDATE of the balance ({@code balance >= amount}) whose RETURNING
 * row feeds its ledger INSERT, exactly like {@link Ledger#debit} row by row; it takes part in the caller's transaction.
 */
public interface BatchDebits {

    /** Emits the change of every movement that was covered; the others changed nothing. One movement per user. */
    Mono<List<BalanceChange>> debitAll(List<BalanceMovement> movements, EntryType type, Instant at);
}
