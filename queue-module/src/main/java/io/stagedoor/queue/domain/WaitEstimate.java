package io.stagedoor.queue.domain;

/**
 * How long a waiter will probably wait, from the admission rate observed over the last minute. Before any
 * admission was observed (a room that just opened, or a paused one) it assumes the rate the room's settings can
 * sustain, so a fresh line still gets a sensible figure.
 */
public final class WaitEstimate {

    private WaitEstimate() {
    }

    /**
     * @param position           1-based place in line
     * @param admittedLastMinute admissions the room made in the last 60 seconds
     */
    public static long seconds(long position, long admittedLastMinute, RoomSettings settings) {
        if (position <= 0) {
            return 0;
        }
        double perSecond = admittedLastMinute > 0 ? admittedLastMinute / 60.0 : settings.sustainableAdmissionsPerSecond();
        return (long) Math.ceil(position / perSecond);
    }
}
