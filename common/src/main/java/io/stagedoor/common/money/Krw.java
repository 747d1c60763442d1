package io.stagedoor.common.money;

/**
 * An amount of Korean won, the only currency stagedoor sells in: a whole, non-negative number (the won has no minor
 * unit in use). Prices, balances and payment amounts cross a module's edge as {@code Krw} so that an amount cannot be
 * passed where an id is meant; on the wire it stays a JSON number (the web adapters write {@link #value()}). Whether an
 * amount must also be positive, or stay under a limit, is the rule of the command that carries it.
 */
public record Krw(long value) implements Comparable<Krw> {

    public static final Krw ZERO = new Krw(0);

    public Krw {
        if (value < 0) {
            throw new IllegalArgumentException("an amount of KRW must not be negative, not " + value);
        }
    }

    public static Krw of(long value) {
        return value == 0 ? ZERO : new Krw(value);
    }

    /** The sum; fails rather than wrap around past {@code Long.MAX_VALUE}. */
    public Krw plus(Krw other) {
        return of(Math.addExact(value, other.value));
    }

    public boolean isZero() {
        return value == 0;
    }

    @Override
    public int compareTo(Krw other) {
        return Long.compare(value, other.value);
    }

    /** The bare number, so that a message reading {@code amount + " KRW"} reads the same as with a {@code long}. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
