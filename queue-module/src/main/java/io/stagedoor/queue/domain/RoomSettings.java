package io.stagedoor.queue.domain;

/**
 * How one waiting room admits: at most {@code activeCapacity} users active at once, at most
 * {@code admissionsPerMinute} admissions in any minute, each for a session of {@code sessionSeconds}; a paused room
 * admits nobody (waiters keep their places, actives keep their sessions).
 */
public record RoomSettings(int activeCapacity, int admissionsPerMinute, int sessionSeconds, boolean paused) {

    public static final int MAX_CAPACITY = 1_000_000;
    public static final int MAX_ADMISSIONS_PER_MINUTE = 1_000_000;
    public static final int MIN_SESSION_SECONDS = 10;
    public static final int MAX_SESSION_SECONDS = 86_400;

    public RoomSettings {
        requireRange("activeCapacity", activeCapacity, 1, MAX_CAPACITY);
        requireRange("admissionsPerMinute", admissionsPerMinute, 1, MAX_ADMISSIONS_PER_MINUTE);
        requireRange("sessionSeconds", sessionSeconds, MIN_SESSION_SECONDS, MAX_SESSION_SECONDS);
    }

    /** These settings with the given fields changed; null keeps a field. */
    public RoomSettings with(Integer activeCapacity, Integer admissionsPerMinute, Integer sessionSeconds, Boolean paused) {
        return new RoomSettings(
                activeCapacity == null ? this.activeCapacity : activeCapacity,
                admissionsPerMinute == null ? this.admissionsPerMinute : admissionsPerMinute,
                sessionSeconds == null ? this.sessionSeconds : sessionSeconds,
                paused == null ? this.paused : paused);
    }

    /** Admissions per second the room can sustain when every session runs its full length. */
    public double sustainableAdmissionsPerSecond() {
        return Math.min(admissionsPerMinute / 60.0, (double) activeCapacity / sessionSeconds);
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max);
        }
    }
}
