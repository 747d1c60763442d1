package io.stagedoor.queue.api;

/** A waiting room as operators see it (docs/api.md "Operators"): live counts and the settings in force. */
public record RoomOverview(long concertId, long waiting, long active, int activeCapacity, int admissionsPerMinute,
        int sessionSeconds, boolean paused, long admittedLastMinute) {
}
