package io.stagedoor.concert.domain;

import java.util.stream.IntStream;

/** The seats of one schedule are numbered 1..seatCount (50 unless an operator says otherwise). */
public record SeatNumbering(int seatCount) {

    public static final int DEFAULT_SEAT_COUNT = 50;
    public static final int MAX_SEAT_COUNT = 1000;

    public SeatNumbering {
        if (seatCount < 1 || seatCount > MAX_SEAT_COUNT) {
            throw new IllegalArgumentException("seats must be between 1 and " + MAX_SEAT_COUNT + ": " + seatCount);
        }
    }

    public static SeatNumbering standard() {
        return new SeatNumbering(DEFAULT_SEAT_COUNT);
    }

    public boolean contains(int seatNumber) {
        return seatNumber >= 1 && seatNumber <= seatCount;
    }

    public IntStream numbers() {
        return IntStream.rangeClosed(1, seatCount);
    }
}
