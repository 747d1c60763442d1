package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 404 SEAT_NOT_FOUND: the seat number is outside the schedule's seats (1..N). */
public final class SeatNotFoundException extends ConcertProblem {

    public SeatNotFoundException(long scheduleId, int seatNumber) {
        super(HttpStatus.NOT_FOUND, "SEAT_NOT_FOUND", "Seat not found", "Schedule " + scheduleId + " has no seat " + seatNumber);
    }
}
