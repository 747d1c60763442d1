package io.stagedoor.payment.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment request of an admitted user: who (the token's user), for which concert the token admits, the token itself
 * (expired after the payment), the reservation, and an optional client-chosen Idempotency-Key.
 * Validates itself: ids positive, token present, key (when given) 1..64 printable ASCII characters.
 */
public record PayCommand(UserId userId, ConcertId concertId, String token, ReservationId reservationId,
                         String idempotencyKey) {

    public PayCommand {
        PaymentCommandChecks.requireAdmittedCaller(userId, concertId, token);
        Objects.requireNonNull(reservationId, "reservationId");
        PaymentCommandChecks.requireValidKey(idempotencyKey);
    }

    public Optional<String> key() {
        return Optional.ofNullable(idempotencyKey);
    }
}
