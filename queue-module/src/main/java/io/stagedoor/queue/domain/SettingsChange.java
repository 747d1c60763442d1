package io.stagedoor.queue.domain;

/**
 * Some of a room's settings, as an operator set them: a null field is not set (the room uses its current value or
 * the configured default for it).
 */
public record SettingsChange(Integer activeCapacity, Integer admissionsPerMinute, Integer sessionSeconds, Boolean paused) {

    public static final SettingsChange NONE = new SettingsChange(null, null, null, null);

    public boolean isEmpty() {
        return activeCapacity == null && admissionsPerMinute == null && sessionSeconds == null && paused == null;
    }

    /** The settings in force: these values over {@code base}. Fails when a value is out of range. */
    public RoomSettings over(RoomSettings base) {
        return base.with(activeCapacity, admissionsPerMinute, sessionSeconds, paused);
    }
}
