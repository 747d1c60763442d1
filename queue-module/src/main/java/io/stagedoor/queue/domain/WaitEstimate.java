package io.stagedoor.queue.domain;

import java.time.Instant;

/**
 * How long a waiter will probably wait, from the rate at which the room can actually let people in.
 *
 * <p>Two figures, and the waiter gets the shorter one (= the faster of the two rates):
 * <ul>
 *   <li><b>what the settings allow</b>: the next round admits {@code min(free capacity, per-minute budget left)} at
 *   once (estimate 0); after that the rate limit frees {@code admissionsPerMinute} more every rate window (61 s at
 *   most — or, when the picture knows when the spent budget comes back ({@link BudgetReturns}), exactly then), and
 *   places beyond the free capacity open only as sessions end, at {@code activeCapacity / sessionSeconds}
 *   per second when every session runs its full length. The wait is the later of the two bounds;</li>
 *   <li><b>what was observed</b>: the position ÷ the admissions of the last minute (per second), when there were
 *   any — sessions that end early (a paid reservation expires its token) make the room faster than the settings
 *   assume.</li>
 * </ul>
 * The old estimate (observed rate only) was far too pessimistic at the start of a spike, when few admissions have
 * been observed yet although the budget lets hundreds in at the next round.
 */
public final class WaitEstimate {

    private WaitEstimate() {
    }

    /**
     * @param position           1-based place in line
     * @param admittedLastMinute admissions the room made in the rate window
     * @param active             sessions running now
     */
    public static long seconds(long position, long admittedLastMinute, long active, RoomSettings settings) {
        return seconds(position, admittedLastMinute, active, settings, BudgetReturns.unknown(), Instant.EPOCH);
    }

    /**
     * As {@link #seconds(long, long, long, RoomSettings)}, counting down to the instant the spent budget comes back
     * instead of assuming a whole rate window from {@code now}.
     */
    public static long seconds(long position, long admittedLastMinute, long active, RoomSettings settings,
                               BudgetReturns returns, Instant now) {
        if (position <= 0) {
            return 0;
        }
        long allowed = allowedBySettings(position, admittedLastMinute, active, settings, returns, now);
        if (admittedLastMinute <= 0) {
            return allowed;
        }
        long observed = (long) Math.ceil(position * 60.0 / admittedLastMinute);
        return Math.min(allowed, observed);
    }

    private static long allowedBySettings(long position, long admittedLastMinute, long active, RoomSettings settings,
                                          BudgetReturns returns, Instant now) {
        long perMinute = settings.admissionsPerMinute();
        long budgetLeft = Math.max(0, perMinute - admittedLastMinute);
        long rateWait = position <= budgetLeft ? 0 : rateWait(position - budgetLeft, perMinute, returns, now);
        long freeCapacity = Math.max(0, settings.activeCapacity() - active);
        long capacityWait = position <= freeCapacity ? 0
                : (long) Math.ceil((double) (position - freeCapacity) * settings.sessionSeconds()
                        / settings.activeCapacity());
        return Math.max(rateWait, capacityWait);
    }

    /**
     * The wait for {@code needed} more budget: when the window's spent budget covers it, the instant that much has come
     * back; beyond it, whole rate windows from now (the admissions that would free it have not happened yet).
     */
    private static long rateWait(long needed, long perMinute, BudgetReturns returns, Instant now) {
        long untilBack = returns.secondsUntil(needed, now);
        if (untilBack >= 0) {
            return untilBack;
        }
        return ceilDiv(needed - returns.total(), perMinute) * AdmissionPolicy.RATE_WINDOW_COUNTERS;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
