package io.stagedoor.account.domain;

import java.util.Objects;

/**
 * A charge as first made under an Idempotency-Key. The key belongs to one user, so the request it stands for is the
 * amount: the same amount again is the same request (its outcome is replayed), another amount is a reuse of the key.
 */
public record StoredCharge(long amount, ChargeOutcome outcome) {

    public StoredCharge {
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean isSameRequestAs(long requestedAmount) {
        return amount == requestedAmount;
    }
}
