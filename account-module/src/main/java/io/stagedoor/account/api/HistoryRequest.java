package io.stagedoor.account.api;

/** Which history to read: a user's newest {@code limit} ledger entries (1..{@value #MAX_LIMIT}). */
public record HistoryRequest(long userId, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public HistoryRequest {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static HistoryRequest newest(long userId) {
        return new HistoryRequest(userId, DEFAULT_LIMIT);
    }
}
