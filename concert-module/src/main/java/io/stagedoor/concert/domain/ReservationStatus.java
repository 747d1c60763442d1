package io.stagedoor.concert.domain;

/** Life of a reservation: HELD, then CONFIRMED (paid), EXPIRED (hold ran out) or CANCELLED (released by the holder). */
public enum ReservationStatus {
    HELD,
    CONFIRMED,
    EXPIRED,
    CANCELLED;

    /** HELD and CONFIRMED occupy the seat; at most one such reservation exists per seat. */
    public boolean occupiesSeat() {
        return this == HELD || this == CONFIRMED;
    }
}
