package io.stagedoor.payment.application.batch;

import io.stagedoor.common.batch.Batcher;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.application.PaidAnswer;
import io.stagedoor.payment.application.RequestFingerprints;
import io.stagedoor.payment.application.port.out.PaymentTransactions;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.PaymentRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Seed flow 8 for many payers at once: concurrent payments are grouped by a {@link Batcher} into one transaction per
 * batch ({@link PaymentBatchTransaction}), because on PostgreSQL the cost per statement and per commit, not per row,
 * dominates. Only the happy path is batched: a request its batch did not pay — refused, its key already stored, or the
 * whole batch rolled back — then runs through the single path (the single pay use case), which stays the one
 * source of every refusal, replay and wait, and so gives exactly the answer it always gave. Each request learns how
 * its batch ended as a {@link BatchVerdict}.
 *
 * <p>A request cancelled (client gone, request deadline) while queued is dropped; once its batch has taken it, the batch
 * runs on for the others and may commit its payment too — a retry with the same Idempotency-Key then replays it (a
 * keyless retry is refused as already paid).
 */
final class BatchedPayReservationService implements PayReservationUseCase {

    private final PayReservationUseCase single;
    private final PaidAnswer paidAnswer;
    private final PaymentReports reports;
    private final RequestFingerprints fingerprints;
    private final PaymentBatchTransaction transaction;
    private final Batcher<PendingPayment> queue;

    /** Tells {@code reports} of every payment a batch commits and of every batch's size. */
    BatchedPayReservationService(PayReservationUseCase single, BatchedPayments.Partners partners,
                                 BatchedPayments.Store store, PaymentTransactions transactions,
                                 RequestFingerprints fingerprints, Clock clock, BatchedPayments.Limits limits,
                                 PaymentReports reports) {
        this.single = Objects.requireNonNull(single);
        this.reports = Objects.requireNonNull(reports);
        this.paidAnswer = new PaidAnswer(partners.tokens(), reports);
        this.fingerprints = Objects.requireNonNull(fingerprints);
        this.transaction = new PaymentBatchTransaction(partners.confirmations(), partners.debits(),
                store.batches(), transactions, clock, reports);
        this.queue = new Batcher<>(limits.maxBatch(), limits.maxInFlight(), PendingPayment::conflictKeys,
                PendingPayment::take, batch -> run(batch).then(Mono.empty()));
    }

    @Override
    public Mono<PaymentReceipt> pay(PayCommand command) {
        return Mono.deferContextual(context -> {
            // bad keys fail here (400) before anything is queued, as on the single path
            IdempotencyKey key = command.idempotencyKey() == null ? null : IdempotencyKey.of(command.idempotencyKey());
            PendingPayment pending = new PendingPayment(command, key,
                    key == null ? null : fingerprints.of(new PaymentRequest(command.reservationId().value())), context);
            queue.submit(pending);
            return pending.verdict()
                    .doOnCancel(pending::cancel)
                    .flatMap(verdict -> verdict instanceof BatchVerdict.PaidInBatch paid
                            ? paidAnswer.ofBatch(paid.paid())
                            : single.pay(command)); // LeftTheBatch
        });
    }

    private Mono<Void> run(List<PendingPayment> batch) {
        reports.batchStarted(batch.size());
        return transaction.pay(batch)
                // the paid tokens end in one call before anyone is answered, as each answer used to wait for its own
                .flatMap(paid -> paidAnswer.expireTokens(paidTokens(batch, paid), paid.values()).thenReturn(paid))
                .doOnNext(paid -> answer(batch, paid))
                // never leave a request without a verdict, whatever happened (its cancel, a bug above)
                .doFinally(signal -> batch.forEach(PendingPayment::left))
                .then()
                // the batch runs in its first request's Reactor context, not in none: its transaction and statements
                // then show in that payment's trace, and its log lines carry that request's id
                .contextWrite(batch.get(0).context());
    }

    private static List<String> paidTokens(List<PendingPayment> batch, Map<Long, PaymentOutcome.Paid> paid) {
        return batch.stream().filter(request -> paid.containsKey(request.userId()))
                .map(request -> request.command().token()).toList();
    }

    private static void answer(List<PendingPayment> batch, Map<Long, PaymentOutcome.Paid> paid) {
        for (PendingPayment request : batch) {
            PaymentOutcome.Paid outcome = paid.get(request.userId());
            if (outcome != null) {
                request.paid(outcome);
            } else {
                request.left();
            }
        }
    }
}
