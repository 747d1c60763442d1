package io.stagedoor.queue.api;

/**
 * Change any of a room's settings; a null field keeps its current value, and at least one must be given. Ranges:
 * activeCapacity 1..1,000,000, admissionsPerMinute 1..1,000,000, sessionSeconds 10..86,400.
 */
public record TuneRoomCommand(long concertId, Integer activeCapacity, Integer admissionsPerMinute,
        Integer sessionSeconds, Boolean paused) {

    public TuneRoomCommand {
        if (concertId <= 0) {
            throw new IllegalArgumentException("concertId must be a positive integer");
        }
        if (activeCapacity == null && admissionsPerMinute == null && sessionSeconds == null && paused == null) {
            throw new IllegalArgumentException(
                    "one of activeCapacity, admissionsPerMinute, sessionSeconds, paused is required");
        }
    }
}
