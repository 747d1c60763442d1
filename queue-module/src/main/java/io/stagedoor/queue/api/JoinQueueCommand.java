package io.stagedoor.queue.api;

/** Ask for a place in a concert's waiting room. Both ids must be positive. */
public record JoinQueueCommand(long userId, long concertId) {

    public JoinQueueCommand {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (concertId <= 0) {
            throw new IllegalArgumentException("concertId must be a positive integer");
        }
    }
}
