package io.stagedoor.account.domain;

import java.time.Instant;
import java.util.Objects;

/** One line of a user's append-only ledger: what moved, the balance right after it, why and when. */
public record LedgerEntry(EntryType type, long amount, long balanceAfter, String reference, Instant at) {

    /** The reference every CHARGE entry carries: a top-up has no outside document to point at. */
    public static final String CHARGE_REFERENCE = "charge";

    /** Longest reference a ledger entry can hold (the column's width). */
    public static final int MAX_REFERENCE_LENGTH = 200;

    public LedgerEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
        if (balanceAfter < 0) {
            throw new IllegalArgumentException("balanceAfter must not be negative, was " + balanceAfter);
        }
        requireValidReference(reference);
    }

    /** The entry's effect on the balance. */
    public long signedAmount() {
        return type.signed(amount);
    }

    /** A reference must say something and fit its column. */
    public static String requireValidReference(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("reference must not be blank");
        }
        if (reference.length() > MAX_REFERENCE_LENGTH) {
            throw new IllegalArgumentException("reference must be at most " + MAX_REFERENCE_LENGTH + " characters");
        }
        return reference;
    }
}
