package io.stagedoor.concert.api;


/** Where a reservation stands, as other modules and clients see it; clients read the name. */
public enum ReservationStatus {
    /** A live hold: the seat is the fan's until {@code expiresAt}, unpaid. */
    HELD,
    /** Paid: the seat is sold to the fan. */
    CONFIRMED,
    /** The hold ran out unpaid (also before the sweeper marked it). */
    EXPIRED,
    /** The fan released the hold. */
    CANCELLED
}
