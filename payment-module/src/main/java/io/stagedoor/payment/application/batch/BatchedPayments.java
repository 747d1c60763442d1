package io.stagedoor.payment.application.batch;

import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.application.RequestFingerprints;
import io.stagedoor.payment.application.port.out.PaymentBatches;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.util.Objects;

/** Builds the batched pay use case for the module's assembly; the classes behind it stay package-private. */
public final class BatchedPayments {

    /** The other modules' set-based api ports a batch calls, and the queue's token expiry. */
    public record Partners(ConfirmReservationsUseCase confirmations, DebitBalancesUseCase debits,
                           ExpireTokenUseCase tokens) {

        public Partners {
            Objects.requireNonNull(confirmations, "confirmations");
            Objects.requireNonNull(debits, "debits");
            Objects.requireNonNull(tokens, "tokens");
        }
    }

    /** The payment schema's set-based port (keys, admissions, payments and history of a batch). */
    public record Store(PaymentBatches batches) {

        public Store {
            Objects.requireNonNull(batches, "batches");
        }
    }

    /** How many requests one batch takes at most, and how many batch transactions run at once. */
    public record Limits(int maxBatch, int maxInFlight) {
    }

    private BatchedPayments() {
    }

    /**
     * Concurrent payments in shared transactions of {@link PaymentTransactions.Kind#BATCH}; {@code single} answers
     * every request its batch did not pay.
     */
    public static PayReservationUseCase around(PayReservationUseCase single, Partners partners, Store store,
                                               PaymentTransactions transactions, RequestFingerprints fingerprints,
                                               Clock clock, Limits limits, PaymentReports reports) {
        return new BatchedPayReservationService(single, partners, store, transactions, fingerprints, clock, limits,
                reports);
    }
}
