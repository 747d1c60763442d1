package io.stagedoor.account.api;

/**
 * Which page of a user's history: at most {@code limit} ledger entries (1..{@value #MAX_LIMIT}), newest first, older
 * than the entry {@code cursor} names (null: from the newest). The cursor is what the previous page answered as
 * {@code nextCursor}.
 */
public record HistoryRequest(long userId, int limit, Long cursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public HistoryRequest {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null && cursor < 1) {
            throw new IllegalArgumentException("cursor must be a cursor this list answered as nextCursor");
        }
    }

    /** The first page of {@code limit} entries. */
    public HistoryRequest(long userId, int limit) {
        this(userId, limit, null);
    }

    public static HistoryRequest newest(long userId) {
        return new HistoryRequest(userId, DEFAULT_LIMIT);
    }
}
