package io.stagedoor.payment.api;

/**
 * Where the pay use case reports what only it can tell (operators' payment metrics hang off it): a payment committed,
 * a stored answer replayed for a retried Idempotency-Key, the size of every batch transaction it starts, and every
 * batch that rolled back as a whole. How a
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

    /**
     * A batch transaction of this many payment requests rolled back as a whole (a deadlock, a constraint, an outage, a
     * bug): nobody lost anything, but each of them now runs on its own, at a fraction of a batch's throughput.
     */
    default void batchRolledBack(int payments) {
    }
}
