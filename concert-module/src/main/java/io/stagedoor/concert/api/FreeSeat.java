package io.stagedoor.concert.api;

/** A seat that can be held right now, with its price in KRW. */
public record FreeSeat(int seatNumber, long price) {
}
