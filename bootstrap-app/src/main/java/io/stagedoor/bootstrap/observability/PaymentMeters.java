package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.PaymentReports;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/**
 * Payments by outcome, checkouts of several reservations included (one count per request), and the size of every batch
 * transaction. The payment module reports what only it can tell
 * (committed, replayed, batch sizes) through its {@link PaymentReports} port, which this implements; how the other
 * requests ended is counted around its api port: {@code refused} with the problem code the caller got, {@code failed}
 * with the code of a 5xx problem or the error's type (an outage, a bug), or {@code CANCELLED} when the caller went away
 * or the request deadline cut the payment. Codes come from a fixed set, so the label stays low-cardinality.
 */
public final class PaymentMeters implements PaymentReports {

    static final String PAYMENTS = "stagedoor.payments";
    static final String BATCH_SIZE = "stagedoor.payment.batch.size";
    static final String BATCHES_ROLLED_BACK = "stagedoor.payment.batches.rolled.back";
    private static final String NO_CODE = "none";
    private static final String DESCRIPTION = "Payments by outcome (completed, replayed, refused, failed) and problem code";

    private final MeterRegistry registry;
    private final Counter completed;
    private final Counter replayed;
    private final Counter cancelled;
    private final DistributionSummary batchSize;
    private final Counter batchesRolledBack;
    private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> failed = new ConcurrentHashMap<>();

    public PaymentMeters(MeterRegistry registry) {
        this.registry = registry;
        this.completed = counter("completed", NO_CODE);
        this.replayed = counter("replayed", NO_CODE);
        this.cancelled = counter("failed", "CANCELLED");
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Payment requests per batch transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry);
        this.batchesRolledBack = Counter.builder(BATCHES_ROLLED_BACK)
                .description("Payment batch transactions rolled back as a whole (their payments then ran one by one)")
                .register(registry);
    }

    @Override
    public void completed() {
        completed.increment();
    }

    @Override
    public void replayed() {
        replayed.increment();
    }

    @Override
    public void batchStarted(int payments) {
        batchSize.record(payments);
    }

    @Override
    public void batchRolledBack(int payments) {
        batchesRolledBack.increment();
    }

    /** {@code payments}, counting every refusal and failure its callers get (a replayed refusal counts as replayed). */
    public PayReservationUseCase counted(PayReservationUseCase payments) {
        return command -> counted(payments.pay(command));
    }

    /** {@code checkouts}, counted as payments are: a checkout is one payment request of several reservations. */
    public CheckoutUseCase countedCheckouts(CheckoutUseCase checkouts) {
        return command -> counted(checkouts.checkout(command));
    }

    private <T> Mono<T> counted(Mono<T> request) {
        return request.doOnError(this::countError).doOnCancel(cancelled::increment);
    }

    private void countError(Throwable error) {
        if (error instanceof ReplayedRefusalException) {
            return; // the module reported the replay
        }
        String code = ProblemCodes.of(error);
        if (ProblemCodes.isRefusal(error)) {
            refused.computeIfAbsent(code == null ? NO_CODE : code, c -> counter("refused", c)).increment();
        } else {
            failed.computeIfAbsent(code == null ? error.getClass().getSimpleName() : code, c -> counter("failed", c))
                    .increment();
        }
    }

    private Counter counter(String outcome, String code) {
        return Counter.builder(PAYMENTS).tag("outcome", outcome).tag("code", code).description(DESCRIPTION)
                .register(registry);
    }
}
