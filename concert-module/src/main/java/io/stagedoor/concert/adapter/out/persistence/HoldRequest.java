package io.stagedoor.concert.adapter.out.persistence;

import java.time.Instant;
import java.util.Objects;

/** One caller's {@code SeatHolds.hold} arguments, carried through a batch with the caller's own times. */
record HoldRequest(long userId, long concertId, long scheduleId, int seatNumber, Instant now, Instant expiresAt) {

    HoldRequest {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
