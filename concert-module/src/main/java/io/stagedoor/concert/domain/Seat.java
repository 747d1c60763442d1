package io.stagedoor.concert.domain;

import java.time.Instant;
import java.util.Objects;

/** One seat of one schedule as stored, with the rule for "free right now". */
public record Seat(long scheduleId, int seatNumber, long price, SeatStatus status, Long heldBy, Instant holdExpiresAt) {

    public Seat {
        Objects.requireNonNull(status, "status");
        if (status == SeatStatus.HELD && (heldBy == null || holdExpiresAt == null)) {
            throw new IllegalArgumentException("a held seat needs its holder and expiry");
        }
    }

    public static Seat available(long scheduleId, int seatNumber, long price) {
        return new Seat(scheduleId, seatNumber, price, SeatStatus.AVAILABLE, null, null);
    }

    /** Free: never held, or held by a hold that ran out (an expired hold frees the seat without waiting for a sweep). */
    public boolean isFreeAt(Instant now) {
        return switch (status) {
            case AVAILABLE -> true;
            case HELD -> !HoldPolicy.isLive(holdExpiresAt, now);
            case SOLD -> false;
        };
    }

    /** Held by {@code userId} with a hold still live at {@code now} (a hold that ran out belongs to nobody). */
    public boolean isLiveHoldOf(long userId, Instant now) {
        return status == SeatStatus.HELD && heldBy == userId && HoldPolicy.isLive(holdExpiresAt, now);
    }

    /** The seat after {@code userId} took it at {@code now}; refused unless it is free. */
    public Seat heldBy(long userId, Instant now, HoldPolicy policy) {
        if (!isFreeAt(now)) {
            throw new IllegalStateException("seat " + seatNumber + " of schedule " + scheduleId + " is not free");
        }
        return new Seat(scheduleId, seatNumber, price, SeatStatus.HELD, userId, policy.expiresAt(now));
    }
}
