package io.stagedoor.payment.domain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a client asks for when it pays: one reservation ({@code {"reservationId": 91}}) or a checkout of several
 * ({@code {"reservationIds": [91, 92]}}). Its canonical form is what an Idempotency-Key is bound to; the same key sent
 * with a different canonical request is a reused key. The two forms answer with different bodies, so they never share
 * a canonical form, even for one reservation; a checkout is a set, so the order of its ids does not matter.
 */
public record PaymentRequest(List<Long> reservationIds, boolean checkout) {

    public PaymentRequest {
        reservationIds = List.copyOf(reservationIds);
        if (reservationIds.isEmpty() || (!checkout && reservationIds.size() != 1)) {
            throw new IllegalArgumentException("a payment names one reservation, a checkout at least one");
        }
        if (reservationIds.stream().anyMatch(id -> id <= 0)) {
            throw new IllegalArgumentException("reservationId must be a positive integer");
        }
    }

    /** The one-reservation form. */
    public PaymentRequest(long reservationId) {
        this(List.of(reservationId), false);
    }

    /** The checkout form. */
    public static PaymentRequest checkout(List<Long> reservationIds) {
        return new PaymentRequest(reservationIds, true);
    }

    /** A stable, unambiguous text of the request (method, resource and every parameter in a fixed order). */
    public String canonical() {
        if (!checkout) {
            return "POST /payments\nreservationId=" + reservationIds.get(0);
        }
        return "POST /payments\nreservationIds=" + reservationIds.stream().sorted().map(String::valueOf)
                .collect(Collectors.joining(","));
    }
}
