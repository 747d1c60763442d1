package io.stagedoor.concert.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * What one fan may take of one concert: at most {@code holdsPerFan} live holds and {@code ticketsPerFan} tickets
 * (live holds count against the tickets too, so a fan never holds what they could not buy), and no new hold on a seat
 * whose hold of theirs ran out unpaid less than {@code reHoldCoolDown} ago — so nobody keeps a seat out of sale by
 * holding it again and again. A concert may carry its own numbers; these are the defaults.
 */
public record FanLimits(int holdsPerFan, int ticketsPerFan, Duration reHoldCoolDown) {

    public static final int DEFAULT_PER_FAN = 4;
    public static final int MAX_PER_FAN = 1000;
    public static final Duration DEFAULT_RE_HOLD_COOL_DOWN = Duration.ofMinutes(5);

    public FanLimits {
        requireInRange(holdsPerFan, "holds per fan");
        requireInRange(ticketsPerFan, "tickets per fan");
        Objects.requireNonNull(reHoldCoolDown, "reHoldCoolDown");
        if (reHoldCoolDown.isNegative() || reHoldCoolDown.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("re-hold cool-down must be between PT0S and P1D: " + reHoldCoolDown);
        }
    }

    public static FanLimits standard() {
        return new FanLimits(DEFAULT_PER_FAN, DEFAULT_PER_FAN, DEFAULT_RE_HOLD_COOL_DOWN);
    }

    /** Whether {@code value} is an allowed per-fan number (1..{@value #MAX_PER_FAN}). */
    public static boolean isAllowed(int value) {
        return value >= 1 && value <= MAX_PER_FAN;
    }

    private static void requireInRange(int value, String what) {
        if (!isAllowed(value)) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_PER_FAN + ": " + value);
        }
    }
}
