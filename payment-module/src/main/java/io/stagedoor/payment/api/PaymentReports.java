package io.stagedoor.payment.api;

/**
 * Where the pay use case reports what only it can tell (operators' payment metrics hang off it): a payment committed,
 * a stored answer replayed for a retried Idempotency-Key, and the size of every batch transaction it starts. How a
 * request ended for its caller otherwise (refused with a problem code, failed) shows at the api port itself. Called on
 * the thread of the payment: implementations must not block and should be cheap.
 */
public interface PaymentReports {

    /** Reports nothing. */
    PaymentReports NONE = new PaymentReports() {
    };

    /** A payment committed (its receipt is on its way to the caller). */
    default void completed() {
    }

    /** The stored answer of an Idempotency-Key was replayed (a payment or a refusal); nothing ran again. */
    default void replayed() {
    }

    /** A batch transaction started with this many payment requests. */
    default void batchStarted(int payments) {
    }
}
