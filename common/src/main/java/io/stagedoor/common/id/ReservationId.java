package io.stagedoor.common.id;

/**
 * The id of a reservation (a hold, paid or not), as it crosses a module's edge: a positive number. A typed id lets
 * the compiler tell it from the other ids a port takes side by side; on the wire it stays a JSON number (the web
 * adapters write {@link #value()}).
 */
public record ReservationId(long value) {

    public ReservationId {
        if (value <= 0) {
            throw new IllegalArgumentException("reservationId must be a positive integer, not " + value);
        }
    }

    public static ReservationId of(long value) {
        return new ReservationId(value);
    }

    /** The bare number, so that a message reading {@code "User " + id} reads the same as with a {@code long}. */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
