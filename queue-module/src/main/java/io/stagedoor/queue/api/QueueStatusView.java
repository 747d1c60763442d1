package io.stagedoor.queue.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import java.time.Instant;

/**
 * Where a token stands, in the shape docs/api.md gives for the waiting room: {@code status} is WAITING or ACTIVE,
 * {@code position} is 1-based (0 when ACTIVE), {@code ahead} = position - 1, {@code activeUntil} is null while waiting.
 * {@code paused} is true while an operator has paused the room (a waiter's wait is then unknown:
 * {@code estimatedWaitSeconds} is null, never 0); it is false for an ACTIVE token, whose session runs on regardless.
 */
public record QueueStatusView(String token, UserId userId, ConcertId concertId, QueueStatus status, long position,
        long ahead, Long estimatedWaitSeconds, long pollAfterMillis, Instant activeUntil, boolean paused) {

    public boolean active() {
        return status == QueueStatus.ACTIVE;
    }
}
