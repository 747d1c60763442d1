package io.stagedoor.queue.application.port.out;

/** A waiter this instance answered from memory since the last refresh: its user and the secret it showed. */
public record Heartbeat(long userId, String secret) {
}
