package io.stagedoor.payment.application.batch;

import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.application.Admission;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * A payment request queued for a batch, and how its batch ended for it: paid (committed), or left to the single path.
 * Cancelled while still queued, it is never taken into a batch; once taken, its batch runs to the end for everyone.
 */
final class PendingPayment {

    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int CANCELLED = 2;

    /** What a batch conflicts on: one request per user and per reservation in a batch. */
    record UserSlot(long userId) {
    }

    record ReservationSlot(long reservationId) {
    }

    private final PayCommand command;
    private final IdempotencyKey key;
    private final RequestFingerprint fingerprint;
    private final String admission;
    private final ContextView context;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final Sinks.One<BatchVerdict> verdict = Sinks.one();

    /** {@code context}: the Reactor context of the request (its trace, its request id), for the batch it starts. */
    PendingPayment(PayCommand command, IdempotencyKey key, RequestFingerprint fingerprint, ContextView context) {
        this.command = command;
        this.key = key;
        this.fingerprint = fingerprint;
        this.admission = Admission.of(command.token());
        this.context = context;
    }

    PayCommand command() {
        return command;
    }

    long userId() {
        return command.userId().value();
    }

    /** Null without an Idempotency-Key. */
    IdempotencyKey key() {
        return key;
    }

    /** The token's admission as stored (digest), computed once. */
    String admission() {
        return admission;
    }

    RequestFingerprint fingerprint() {
        return fingerprint;
    }

    ContextView context() {
        return context;
    }

    List<Object> conflictKeys() {
        return List.of(new UserSlot(command.userId().value()),
                new ReservationSlot(command.reservationId().value()));
    }

    /** The batch takes it, unless the client went away first. */
    boolean take() {
        return state.compareAndSet(QUEUED, TAKEN);
    }

    void cancel() {
        state.compareAndSet(QUEUED, CANCELLED);
    }

    void paid(PaymentOutcome.Paid paid) {
        verdict.tryEmitValue(new BatchVerdict.PaidInBatch(paid));
    }

    /** Its batch did not pay it (refused, a duplicate, the key stored, or the batch failed): the single path answers. */
    void left() {
        verdict.tryEmitValue(new BatchVerdict.LeftTheBatch());
    }

    /** Emits the batch's verdict once the batch has committed or rolled back. */
    Mono<BatchVerdict> verdict() {
        return verdict.asMono();
    }
}
