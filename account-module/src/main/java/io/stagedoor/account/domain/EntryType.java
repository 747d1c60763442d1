package io.stagedoor.account.domain;

/** Why a balance changed. Every change appends one ledger entry of one of these types. */
public enum EntryType {

    /** The user topped up the balance. */
    CHARGE(1),
    /** A payment took money from the balance. */
    PAYMENT(-1),
    /** A refund gave money back. */
    REFUND(1);

    private final int sign;

    EntryType(int sign) {
        this.sign = sign;
    }

    /** The effect of an entry of this type on the balance: {@code +amount} for credits, {@code -amount} for debits. */
    public long signed(long amount) {
        return sign * amount;
    }

    public boolean isCredit() {
        return sign > 0;
    }
}
