package io.stagedoor.account.api;

import java.util.Objects;

/** An amount moved on a user's balance on behalf of another module, with the reference its ledger entry carries. */
public record BalanceMovement(long userId, long amount, String reference) {

    public BalanceMovement {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        Objects.requireNonNull(reference, "reference");
    }
}
