package io.stagedoor.account.api;

import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.util.Objects;

/** An amount moved on a user's balance on behalf of another module, with the reference its ledger entry carries. */
public record BalanceMovement(UserId userId, Krw amount, String reference) {

    public BalanceMovement {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(amount, "amount");
        if (amount.isZero()) {
            throw new IllegalArgumentException("amount must be positive");
        }
        Objects.requireNonNull(reference, "reference");
    }
}
