package io.stagedoor.payment.api;

import java.util.List;

/** {@code GET /users/{userId}/payments}: the user's payments, newest first. */
public record UserPayments(long userId, List<PaymentView> payments) {

    public UserPayments {
        payments = List.copyOf(payments);
    }
}
