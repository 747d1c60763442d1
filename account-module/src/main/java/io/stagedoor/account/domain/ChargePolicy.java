package io.stagedoor.account.domain;

/**
 * How much money may be put on a balance: a charge is a positive whole number of KRW up to {@code maxCharge},
 * and no credit (a charge or a refund) may take a balance past {@code maxBalance}.
 */
public record ChargePolicy(long maxCharge, long maxBalance) {

    public ChargePolicy {
        if (maxCharge < 1) {
            throw new IllegalArgumentException("max charge must be at least 1 KRW, was " + maxCharge);
        }
        if (maxBalance < 1) {
            throw new IllegalArgumentException("max balance must be at least 1 KRW, was " + maxBalance);
        }
        if (maxCharge > maxBalance) {
            throw new IllegalArgumentException(
                    "max charge (" + maxCharge + ") must not exceed max balance (" + maxBalance + ")");
        }
    }

    /** Whether {@code amount} may be charged at all: between 1 and the per-charge maximum. */
    public boolean allowsCharge(long amount) {
        return amount >= 1 && amount <= maxCharge;
    }

    /** The rule a rejected charge amount broke, in words a client can act on. */
    public String chargeRange() {
        return "amount must be a whole number of KRW between 1 and " + maxCharge;
    }

    /**
     * Whether crediting {@code amount} to {@code balance} keeps the balance within the maximum.
     * A sum that does not fit in a long is over any maximum, so it is refused rather than wrapped.
     */
    public boolean keepsWithinMaximum(long balance, long amount) {
        if (balance < 0 || amount < 1) {
            return false;
        }
        try {
            return Math.addExact(balance, amount) <= maxBalance;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    /**
     * The highest balance that may still receive a credit of {@code amount}: {@code balance <= ceilingFor(amount)}
     * holds exactly when {@link #keepsWithinMaximum} does. Negative when no balance can take the amount.
     * This is the guard of the conditional UPDATE; comparing against it never overflows, unlike {@code balance + amount}.
     */
    public long ceilingFor(long amount) {
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
        return maxBalance - amount;
    }
}
