package io.stagedoor.payment.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.payment.domain.IdempotencyKey;
import java.util.Objects;

/** What every payment command checks alike: the admitted caller and the optional Idempotency-Key. */
final class PaymentCommandChecks {

    private PaymentCommandChecks() {
    }

    /** The token's user and concert are positive ids, and the token is present. */
    static void requireAdmittedCaller(UserId userId, ConcertId concertId, String token) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(concertId, "concertId");
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
