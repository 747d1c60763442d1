package io.stagedoor.account.application;

import io.stagedoor.account.api.BalanceChange;
import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.account.application.port.out.BatchDebits;
import io.stagedoor.account.domain.EntryType;
import io.stagedoor.account.domain.LedgerEntry;
import io.stagedoor.common.id.UserId;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Mono;

/** Debits a batch of payments (PAYMENT entries) in one statement, inside the caller's transaction. */
final class DebitBalancesService implements DebitBalancesUseCase {

    private final BatchDebits debits;
    private final Clock clock;

    DebitBalancesService(BatchDebits debits, Clock clock) {
        this.debits = Objects.requireNonNull(debits);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<List<BalanceChange>> debitAll(List<BalanceMovement> movements) {
        return Mono.defer(() -> {
            if (movements.isEmpty()) {
                return Mono.just(List.<BalanceChange>of());
            }
            Set<UserId> users = new HashSet<>();
            for (BalanceMovement movement : movements) {
                LedgerEntry.requireValidReference(movement.reference());
                // one statement updates a balance row once: two movements of one user would debit only one of them
                if (!users.add(movement.userId())) {
                    throw new IllegalArgumentException("user " + movement.userId() + " is debited twice in one batch");
                }
            }
            return debits.debitAll(movements, EntryType.PAYMENT, clock.instant());
        });
    }
}
