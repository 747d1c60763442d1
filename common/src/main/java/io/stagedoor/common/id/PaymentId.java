package io.stagedoor.common.id;

/**
 * The id of a payment, as it crosses a module's edge: a positive number. A typed id lets
 * the compiler tell it from the other ids a port takes side by side; on the wire it stays a JSON number (the web
 * adapters write {@link #value()}).
 */
public record PaymentId(long value) {

    public PaymentId {
        if (value <= 0) {
            throw new IllegalArgumentException("paymentId must be a positive integer, not " + value);
        }
    }

    public static PaymentId of(long value) {
        return new PaymentId(value);
    }

    /** The bare number, so that a message reading {@code "User " + id} reads the same as with a {@code long}. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
