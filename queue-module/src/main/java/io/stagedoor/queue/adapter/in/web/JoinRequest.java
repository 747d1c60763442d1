package io.stagedoor.queue.adapter.in.web;

/** Body of {@code POST /queue/tokens}; {@code userId} is optional. Boxed so a missing field is told apart from zero. */
record JoinRequest(Long userId, Long concertId) {
}
