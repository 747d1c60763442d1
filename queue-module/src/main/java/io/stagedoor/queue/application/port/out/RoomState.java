package io.stagedoor.queue.application.port.out;

import io.stagedoor.queue.domain.SettingsChange;

/** A room's live counts and the settings an operator stored for it (unset fields fall back to the defaults). */
public record RoomState(long waiting, long active, long admittedLastMinute, SettingsChange storedSettings) {
}
