package io.stagedoor.payment.application;

import io.stagedoor.payment.domain.PaymentOutcome;

/**
 * How a payment request ended inside the service: paid just now ({@code replayed} false: the token's session is then
 * ended), or the answer stored under its Idempotency-Key replayed (a payment or a refusal; nothing ran again).
 */
record Settled(PaymentOutcome outcome, boolean replayed) {

    static Settled paidNow(PaymentOutcome outcome) {
        return new Settled(outcome, false);
    }

    static Settled replay(PaymentOutcome stored) {
        return new Settled(stored, true);
    }
}
