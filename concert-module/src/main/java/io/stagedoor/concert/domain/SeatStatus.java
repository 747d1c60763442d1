package io.stagedoor.concert.domain;

/** What the seat row says. A HELD seat whose hold ran out counts as free (see {@link Seat#isFreeAt}). */
public enum SeatStatus {
    AVAILABLE,
    HELD,
    SOLD
}
