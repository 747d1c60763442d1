package io.stagedoor.payment.application;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.payment.api.CheckoutCommand;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.PaymentRequest;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.util.List;

/**
 * One payment request as the service runs it, whichever form the client used: the reservations to pay (one for
 * {@code {"reservationId": ...}}, one or more for {@code {"reservationIds": [...]}}), and the Idempotency-Key with the
 * fingerprint of the request it is bound to (both null without a key).
 */
record Checkout(long userId, long concertId, String token, PaymentRequest request, IdempotencyKey key,
                RequestFingerprint fingerprint) {

    static Checkout of(PayCommand command, RequestFingerprints fingerprints) {
        return of(command.userId().value(), command.concertId().value(), command.token(),
                new PaymentRequest(command.reservationId().value()),
                command.idempotencyKey(), fingerprints);
    }

    static Checkout of(CheckoutCommand command, RequestFingerprints fingerprints) {
        return of(command.userId().value(), command.concertId().value(), command.token(),
                PaymentRequest.checkout(command.reservationIds().stream().map(ReservationId::value).toList()),
                command.idempotencyKey(), fingerprints);
    }

    private static Checkout of(long userId, long concertId, String token, PaymentRequest request, String key,
                               RequestFingerprints fingerprints) {
        return key == null
                ? new Checkout(userId, concertId, token, request, null, null)
                : new Checkout(userId, concertId, token, request, IdempotencyKey.of(key), fingerprints.of(request));
    }

    List<Long> reservationIds() {
        return request.reservationIds();
    }

    /** The {@code {"reservationIds": [...]}} form, answered with a checkout receipt. */
    boolean isCheckoutForm() {
        return request.checkout();
    }
}
