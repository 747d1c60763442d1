package io.stagedoor.payment.api;

import io.stagedoor.common.id.UserId;
import java.util.List;

/**
 * {@code GET /users/{userId}/payments}: a page of the user's payments, newest first; {@code nextCursor} fetches the
 * next page (null on the last one).
 */
public record UserPayments(UserId userId, List<PaymentView> payments, String nextCursor) {

    public UserPayments {
        payments = List.copyOf(payments);
    }
}
