package io.stagedoor.queue.domain;

/**
 * How many waiters one admission round may let in: the free capacity ({@code activeCapacity - active}), bounded by
 * what is left of the per-minute admission budget; nobody while the room is paused. The Redis admission script
 * applies exactly this rule atomically (see docs/queue.md); this class is its specification and is what the
 * tests hold the script to.
 *
 * <p>The per-minute budget is a sliding-window bound: <em>no</em> 60-second window may ever contain more than
 * {@code admissionsPerMinute} admissions. Admissions are counted per epoch second, so a round in second {@code s}
 * must count the counters of seconds {@code s-60 .. s} ({@value #RATE_WINDOW_COUNTERS} of them): any 60 s window
 * that contains an admission made now starts no earlier than {@code now - 60 s}, i.e. in second {@code s-60} or
 * later. Counting only 60 counters ({@code s-59 .. s}) would let an admission early in second {@code s-60} and one
 * in second {@code s} fall 59.x s apart, both within one minute.
 */
public final class AdmissionPolicy {

    /** Per-second counters that make up the rate window: the current second and the 60 before it. */
    public static final int RATE_WINDOW_COUNTERS = 61;

    private AdmissionPolicy() {
    }

    /**
     * Whether admissions counted in epoch second {@code counterSecond} still count against the budget of a round in
     * epoch second {@code nowSecond} (admit.lua: {@code counterSecond > nowSec - 61}).
     */
    public static boolean inRateWindow(long counterSecond, long nowSecond) {
        return counterSecond > nowSecond - RATE_WINDOW_COUNTERS;
    }

    /**
     * @param active             sessions still running (expired ones already dropped)
     * @param admittedLastMinute admissions counted in the rate window ({@link #inRateWindow})
     */
    public static int admissible(RoomSettings settings, long active, long admittedLastMinute) {
        if (settings.paused()) {
            return 0;
        }
        long freeCapacity = settings.activeCapacity() - active;
        long rateBudgetLeft = settings.admissionsPerMinute() - admittedLastMinute;
        return (int) Math.max(0, Math.min(freeCapacity, rateBudgetLeft));
    }
}
