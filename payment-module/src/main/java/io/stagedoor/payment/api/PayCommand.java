package io.stagedoor.payment.api;

import java.util.Optional;

/**
 * A payment request of an admitted user: who (the token's user), for which concert the token admits, the token itself
 * (expired after the payment), the reservation, and an optional client-chosen Idempotency-Key.
 * Validates itself: ids positive, token present, key (when given) 1..64 printable ASCII characters.
 */
public record PayCommand(long userId, long concertId, String token, long reservationId, String idempotencyKey) {

    public PayCommand {
        PaymentCommandChecks.requireAdmittedCaller(userId, concertId, token);
        if (reservationId <= 0) {
            throw new IllegalArgumentException("reservationId must be a positive integer");
        }
        PaymentCommandChecks.requireValidKey(idempotencyKey);
    }

    public Optional<String> key() {
        return Optional.ofNullable(idempotencyKey);
    }
}
