package io.stagedoor.concert.api;

import java.time.Instant;

/** A reservation as other modules and clients see it. Status is HELD, CONFIRMED, EXPIRED or CANCELLED. */
public record ReservationView(long reservationId, long userId, long concertId, long scheduleId, int seatNumber,
                              long price, String status, Instant expiresAt) {
}
