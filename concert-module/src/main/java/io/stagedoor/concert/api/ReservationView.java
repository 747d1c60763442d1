package io.stagedoor.concert.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.ScheduleId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.time.Instant;

/** A reservation as other modules and clients see it. */
public record ReservationView(ReservationId reservationId, UserId userId, ConcertId concertId, ScheduleId scheduleId,
                              int seatNumber, Krw price, ReservationStatus status, Instant expiresAt) {
}
