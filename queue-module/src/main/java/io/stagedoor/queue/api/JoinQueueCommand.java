package io.stagedoor.queue.api;

/**
 * Ask for a place in a concert's waiting room. Both ids must be positive. {@code userKnownToExist} is true when the
 * caller has already proven the user exists (a validated bearer token names only existing users, and users are never
 * deleted): the queue then skips its own existence check, so such a join costs no database round trip.
 */
public record JoinQueueCommand(long userId, long concertId, boolean userKnownToExist) {

    public JoinQueueCommand {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (concertId <= 0) {
            throw new IllegalArgumentException("concertId must be a positive integer");
        }
    }

    /** A join whose user the queue still has to look up. */
    public JoinQueueCommand(long userId, long concertId) {
        this(userId, concertId, false);
    }

    /** A join by the signed-in user of a request. */
    public static JoinQueueCommand bySignedInUser(long userId, long concertId) {
        return new JoinQueueCommand(userId, concertId, true);
    }
}
