package io.stagedoor.queue.domain;

/**
 * How many waiters one admission round may let in: the free capacity ({@code activeCapacity - active}), bounded by
 * what is left of the per-minute admission budget; nobody while the room is paused. The Redis admission script
 * applies exactly this rule atomically (see docs/queue.md); this class is its specification and is what the
 * tests hold the script to.
 */
public final class AdmissionPolicy {

    private AdmissionPolicy() {
    }

    /**
     * @param active             sessions still running (expired ones already dropped)
     * @param admittedLastMinute admissions in the last 60 seconds
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
