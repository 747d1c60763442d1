package io.stagedoor.payment.application;

import io.stagedoor.account.api.DebitBalancesUseCase;
import io.stagedoor.common.batch.Batcher;
import io.stagedoor.concert.api.ConfirmReservationsUseCase;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.application.port.out.PaidAdmissions;
import io.stagedoor.payment.application.port.out.PaymentBatches;
import io.stagedoor.payment.api.PaymentReports;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.PaymentRequest;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Seed flow 8 for many payers at once: concurrent payments are grouped by a {@link Batcher} into one transaction per
 * batch ({@link PaymentBatchTransaction}), because on PostgreSQL the cost per statement and per commit, not per row,
 * dominates. Only the happy path is batched: a request its batch did not pay — refused, its key already stored, or the
 * whole batch rolled back — then runs through the single path ({@link PayReservationService}), which stays the one
 * source of every refusal, replay and wait, and so gives exactly the answer it always gave.
 *
 * <p>A request cancelled (client gone, request deadline) while queued is dropped; once its batch has taken it, the batch
 * runs on for the others and may commit its payment too — a retry with the same Idempotency-Key then replays it (a
 * keyless retry is refused as already paid).
 */
public final class BatchedPayReservationService implements PayReservationUseCase {

    private final PayReservationUseCase single;
    private final PaidAnswer paidAnswer;
    private final PaymentReports reports;
    private final RequestFingerprints fingerprints;
    private final PaymentBatchTransaction transaction;
    private final Batcher<PendingPayment> queue;

    public BatchedPayReservationService(PayReservationUseCase single, ConfirmReservationsUseCase confirmations,
                                        DebitBalancesUseCase debits, PaymentBatches batches, PaidAdmissions admissions,
                                        ExpireTokenUseCase tokens, TransactionalOperator transaction,
                                        RequestFingerprints fingerprints, Clock clock, int maxBatch, int maxInFlight) {
        this(single, confirmations, debits, batches, admissions, tokens, transaction, fingerprints, clock, maxBatch,
                maxInFlight, PaymentReports.NONE);
    }

    /** As above, telling {@code reports} of every payment a batch commits and of every batch's size. */
    public BatchedPayReservationService(PayReservationUseCase single, ConfirmReservationsUseCase confirmations,
                                        DebitBalancesUseCase debits, PaymentBatches batches, PaidAdmissions admissions,
                                        ExpireTokenUseCase tokens, TransactionalOperator transaction,
                                        RequestFingerprints fingerprints, Clock clock, int maxBatch, int maxInFlight,
                                        PaymentReports reports) {
        this.single = Objects.requireNonNull(single);
        this.reports = Objects.requireNonNull(reports);
        this.paidAnswer = new PaidAnswer(tokens, reports);
        this.fingerprints = Objects.requireNonNull(fingerprints);
        this.transaction = new PaymentBatchTransaction(confirmations, debits, batches, admissions, transaction, clock);
        this.queue = new Batcher<>(maxBatch, maxInFlight, PendingPayment::conflictKeys, PendingPayment::take,
                batch -> run(batch).then(Mono.empty()));
    }

    @Override
    public Mono<PaymentReceipt> pay(PayCommand command) {
        return Mono.deferContextual(context -> {
            // bad keys fail here (400) before anything is queued, as on the single path
            IdempotencyKey key = command.idempotencyKey() == null ? null : IdempotencyKey.of(command.idempotencyKey());
            PendingPayment pending = new PendingPayment(command, key,
                    key == null ? null : fingerprints.of(new PaymentRequest(command.reservationId())), context);
            queue.submit(pending);
            return pending.verdict()
                    .doOnCancel(pending::cancel)
                    .flatMap(verdict -> verdict.isPresent()
                            ? paidAnswer.ofBatch(verdict.get())
                            : single.pay(command));
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
