package io.stagedoor.payment.domain;

import java.time.Instant;
import java.util.Objects;

/** One entry of a payment's append-only history. */
public record PaymentEvent(long paymentId, PaymentEventType type, long amount, String reference, Instant at) {

    public PaymentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
