package io.stagedoor.common.request;

import io.stagedoor.common.problem.StagedoorProblem;

/**
 * The {@code ?limit=} and {@code ?cursor=} of a list that pages by id, as the query string gave them. A missing limit is
 * the list's default; a missing cursor is the first page. Anything else is 400 INVALID_REQUEST naming the parameter.
 *
 * @param limit  how many entries, 1..the list's maximum
 * @param cursor the previous page's {@code nextCursor}, or null for the first page
 */
public record PageQuery(int limit, Long cursor) {

    /**
     * @param rawLimit   the {@code limit} parameter, or null when absent
     * @param rawCursor  the {@code cursor} parameter, or null when absent
     * @param defaultLimit the limit when none is given
     * @param maxLimit   the largest limit the list accepts
     */
    public static PageQuery parse(String rawLimit, String rawCursor, int defaultLimit, int maxLimit) {
        return new PageQuery(limit(rawLimit, defaultLimit, maxLimit), cursor(rawCursor));
    }

    private static int limit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw StagedoorProblem.invalidRequest("limit must be an integer between 1 and " + maxLimit);
    }

    private static Long cursor(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            long cursor = Long.parseLong(raw);
            if (cursor >= 1) {
                return cursor;
            }
        } catch (NumberFormatException notACursor) {
            // answered below
        }
        throw StagedoorProblem.invalidRequest("cursor must be a cursor this list answered as nextCursor");
    }
}
