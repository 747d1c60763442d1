package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 409 SEAT_UNAVAILABLE: the seat is held by a live hold or sold. */
public final class SeatUnavailableException extends ConcertProblem {

    public SeatUnavailableException(long scheduleId, int seatNumber) {
        super(HttpStatus.CONFLICT, "SEAT_UNAVAILABLE", "Seat unavailable", "Seat " + seatNumber + " of schedule " + scheduleId + " is held by someone else or sold");
    }
}
