package io.stagedoor.queue.application.port.out;

import io.stagedoor.queue.domain.QueueToken;

/** The outcome of joining: the token the user holds now, where it stands, and whether it was issued just now. */
public record Placement(QueueToken token, Standing standing, boolean created) {
}
