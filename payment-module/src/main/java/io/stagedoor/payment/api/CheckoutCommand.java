package io.stagedoor.payment.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A checkout of several of the admitted user's live holds in one payment: who (the token's user), for which concert
 * the token admits, the token itself (expired after the payment), the reservations in the order the client named
 * them, and an optional client-chosen Idempotency-Key. Validates itself: ids positive, at least one, none twice,
 * token present, key (when given) 1..64 printable ASCII characters. How many a fan may pay at once is the concert's
 * ticket limit, which the use case checks.
 */
public record CheckoutCommand(UserId userId, ConcertId concertId, String token, List<ReservationId> reservationIds,
                              String idempotencyKey) {

    public CheckoutCommand {
        PaymentCommandChecks.requireAdmittedCaller(userId, concertId, token);
        if (reservationIds == null || reservationIds.isEmpty()) {
            throw new IllegalArgumentException("reservationIds must name at least one reservation");
        }
        Set<ReservationId> seen = new HashSet<>();
        for (ReservationId id : reservationIds) {
            if (id == null) {
                throw new IllegalArgumentException("reservationIds must hold positive integers");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException("reservationIds names reservation " + id + " twice");
            }
        }
        reservationIds = List.copyOf(reservationIds);
        PaymentCommandChecks.requireValidKey(idempotencyKey);
    }
}
