package io.stagedoor.concert.api;

import java.util.List;

/**
 * Which page of the concerts: at most {@code limit} (1..{@value #MAX_LIMIT}), by id, after the concert {@code cursor}
 * names (null: from the first). The cursor is what the previous page answered as {@code nextCursor}.
 */
public record ConcertsPage(int limit, Long cursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 100;

    public ConcertsPage {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be an integer from 1 to " + MAX_LIMIT);
        }
        if (cursor != null && cursor < 1) {
            throw new IllegalArgumentException("cursor must be a cursor this list answered as nextCursor");
        }
    }

    public static ConcertsPage first() {
        return new ConcertsPage(DEFAULT_LIMIT, null);
    }

    /** A page of concerts by id; {@code nextCursor} fetches the next page, null on the last. */
    public record Result(List<ConcertSummary> concerts, String nextCursor) {

        public Result {
            concerts = List.copyOf(concerts);
        }
    }
}
