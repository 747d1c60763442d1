package io.stagedoor.queue.api;

/** The token and its standing; {@code created} is false when the user already held a live token (same token, same place). */
public record JoinResult(QueueStatusView status, boolean created) {
}
