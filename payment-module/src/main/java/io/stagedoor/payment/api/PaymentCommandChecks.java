package io.stagedoor.payment.api;

import io.stagedoor.payment.domain.IdempotencyKey;

/** What every payment command checks alike: the admitted caller and the optional Idempotency-Key. */
final class PaymentCommandChecks {

    private PaymentCommandChecks() {
    }

    /** The token's user and concert are positive ids, and the token is present. */
    static void requireAdmittedCaller(long userId, long concertId, String token) {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (concertId <= 0) {
            throw new IllegalArgumentException("concertId must be a positive integer");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token is required");
        }
    }

    /** A key, when given, is 1..64 printable ASCII characters. */
    static void requireValidKey(String idempotencyKey) {
        if (idempotencyKey != null) {
            IdempotencyKey.of(idempotencyKey);
        }
    }
}
