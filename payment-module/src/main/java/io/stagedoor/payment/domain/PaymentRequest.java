package io.stagedoor.payment.domain;

/**
 * What a client asks for when it pays: the reservation. Its canonical form is what an Idempotency-Key is bound to;
 * the same key sent with a different canonical request is a reused key.
 */
public record PaymentRequest(long reservationId) {

    public PaymentRequest {
        if (reservationId <= 0) {
            throw new IllegalArgumentException("reservationId must be a positive integer");
        }
    }

    /** A stable, unambiguous text of the request (method, resource and every parameter in a fixed order). */
    public String canonical() {
        return "POST /payments\nreservationId=" + reservationId;
    }
}
