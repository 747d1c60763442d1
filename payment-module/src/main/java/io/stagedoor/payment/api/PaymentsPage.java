package io.stagedoor.payment.api;

/**
 * Which page of a user's payments: at most {@code limit} (1..{@value #MAX_LIMIT}), after the payment {@code cursor}
 * names (null: from the newest). The cursor is what the previous page answered as {@code nextCursor}.
 */
public record PaymentsPage(int limit, Long cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    public PaymentsPage {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be an integer from 1 to " + MAX_LIMIT);
        }
        if (cursor != null && cursor < 1) {
            throw new IllegalArgumentException("cursor must be a cursor this list answered as nextCursor");
        }
    }

    public static PaymentsPage first() {
        return new PaymentsPage(DEFAULT_LIMIT, null);
    }
}
