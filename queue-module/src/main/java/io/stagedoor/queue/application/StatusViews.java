package io.stagedoor.queue.application;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.queue.api.QueueStatus;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.domain.PollingPolicy;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.domain.WaitEstimate;
import java.time.Clock;

/** Turns a token's standing into the status clients see, with the wait estimate and the polling advice. */
final class StatusViews {

    private final QueueRules rules;
    private final PollingPolicy polling;
    private final Clock clock;

    StatusViews(QueueRules rules, Clock clock) {
        this.rules = rules;
        this.polling = rules.polling();
        this.clock = clock;
    }

    /**
     * The view of a live standing; {@link Standing.Gone} has none. In a paused room nobody is admitted, so the wait is
     * unknown (null) and the client is told to ask as rarely as the policy allows.
     */
    QueueStatusView of(QueueToken token, Standing standing) {
        if (standing instanceof Standing.Active active) {
            return new QueueStatusView(token.value(), UserId.of(token.userId()), ConcertId.of(token.concertId()),
                    QueueStatus.ACTIVE, 0, 0, 0L, polling.whenActiveMillis(), active.activeUntil(), false);
        }
        if (standing instanceof Standing.Waiting waiting) {
            RoomSettings settings = waiting.roomSettings().over(rules.defaults());
            if (settings.paused()) {
                return new QueueStatusView(token.value(), UserId.of(token.userId()), ConcertId.of(token.concertId()),
                        QueueStatus.WAITING, waiting.position(), waiting.position() - 1, null, polling.whilePausedMillis(),
                        null, true);
            }
            long estimate = WaitEstimate.seconds(waiting.position(), waiting.admittedLastMinute(), waiting.active(),
                    settings, waiting.budgetReturns(), clock.instant());
            return new QueueStatusView(token.value(), UserId.of(token.userId()), ConcertId.of(token.concertId()),
                    QueueStatus.WAITING, waiting.position(), waiting.position() - 1, estimate,
                    polling.pollAfterMillis(estimate), null, false);
        }
        throw new IllegalArgumentException("a gone token has no status");
    }
}
