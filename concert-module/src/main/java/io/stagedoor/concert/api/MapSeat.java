package io.stagedoor.concert.api;

/** One seat of a seat map: its number, its price in KRW and its state for the viewer. */
public record MapSeat(int seatNumber, long price, State state) {

    /** A seat as one viewer sees it; a hold that ran out is FREE. */
    public enum State {
        FREE,
        /** Held by someone else (who, the map never says). */
        HELD,
        SOLD,
        /** Held by the viewer, and the hold is still live. */
        MINE
    }
}
