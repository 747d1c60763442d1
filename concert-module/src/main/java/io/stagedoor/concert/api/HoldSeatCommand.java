package io.stagedoor.concert.api;

/**
 * Hold one seat for an admitted user. {@code concertId} is the concert the user's queue token admits to; the
 * schedule must belong to it. Seat numbers are never negative; whether a number is one of the schedule's seats
 * (1..N) is the schedule's business ({@link SeatNotFoundException}).
 */
public record HoldSeatCommand(long userId, long concertId, long scheduleId, int seatNumber) {

    public HoldSeatCommand {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (concertId <= 0) {
            throw new IllegalArgumentException("concertId must be a positive integer");
        }
        if (scheduleId <= 0) {
            throw new IllegalArgumentException("scheduleId must be a positive integer");
        }
        if (seatNumber < 0) {
            throw new IllegalArgumentException("seatNumber must not be negative");
        }
    }
}
