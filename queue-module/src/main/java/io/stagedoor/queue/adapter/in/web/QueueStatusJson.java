package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.QueueStatusView;
import java.time.Instant;

/**
 * A token's standing as the JSON body (and event data) clients read: the ids as plain numbers and the status by name,
 * in the order the contract lists them. The api's typed view stays free of any wire mapping.
 */
record QueueStatusJson(String token, long userId, long concertId, String status, long position, long ahead,
                       Long estimatedWaitSeconds, long pollAfterMillis, Instant activeUntil, boolean paused) {

    static QueueStatusJson of(QueueStatusView view) {
        return new QueueStatusJson(view.token(), view.userId().value(), view.concertId().value(), view.status().name(),
                view.position(), view.ahead(), view.estimatedWaitSeconds(), view.pollAfterMillis(), view.activeUntil(),
                view.paused());
    }
}
