package io.stagedoor.payment.application.batch;

import io.stagedoor.payment.domain.PaymentOutcome;

/** How its batch ended for one request: paid (committed), or left to the single path, which then answers. */
sealed interface BatchVerdict {

    /** The batch committed this request's payment. */
    record PaidInBatch(PaymentOutcome.Paid paid) implements BatchVerdict {
    }

    /** The batch did not pay it (refused, a duplicate, its key stored, or the batch failed as a whole). */
    record LeftTheBatch() implements BatchVerdict {
    }
}
