package io.stagedoor.concert.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The unchanging facts about a requested seat that explain a lost hold: which concert the schedule belongs to,
 * when it starts, and whether the schedule has that seat number at all.
 */
public record SeatOutlook(long scheduleConcertId, Instant scheduleStartsAt, boolean seatExists) {

    public SeatOutlook {
        Objects.requireNonNull(scheduleStartsAt, "scheduleStartsAt");
    }

    /** Only future schedules take holds. */
    public static boolean isBookable(Instant scheduleStartsAt, Instant now) {
        return now.isBefore(scheduleStartsAt);
    }

    /**
     * Why a hold on this seat for someone admitted to {@code admittedConcertId} did not happen at {@code now}: a schedule
     * of another concert is WRONG_CONCERT, a started one is SCHEDULE_NOT_FOUND, a number outside 1..N is SEAT_NOT_FOUND,
     * and an existing seat that was not won is SEAT_UNAVAILABLE (held or sold by someone else).
     */
    public HoldRefusal refusalFor(long admittedConcertId, Instant now) {
        if (scheduleConcertId != admittedConcertId) {
            return HoldRefusal.WRONG_CONCERT;
        }
        if (!isBookable(scheduleStartsAt, now)) {
            return HoldRefusal.SCHEDULE_NOT_FOUND;
        }
        if (!seatExists) {
            return HoldRefusal.SEAT_NOT_FOUND;
        }
        return HoldRefusal.SEAT_UNAVAILABLE;
    }
}
