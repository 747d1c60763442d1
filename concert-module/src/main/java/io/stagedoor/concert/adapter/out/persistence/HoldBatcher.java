package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.common.batch.Batcher;
import io.stagedoor.concert.application.port.out.HoldAttempt;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Gathers concurrent holds into batches, one statement each, through the shared {@link Batcher}: a hold that finds a
 * free statement slot starts a batch at once with whatever is queued (no timer, so no added latency when the load is
 * light); when every slot is busy it waits, and each finished batch starts the next one with up to {@code maxBatch}
 * waiters. So the batch size grows by itself with the load, exactly while PostgreSQL is the bottleneck.
 *
 * <p>The batch statement is subscribed by the batcher, never by a caller: a caller that cancels (deadline, client gone)
 * only drops its own answer and never cancels the statement the others of its batch wait on. A caller cancelled while
 * still queued is left out of the batch. Holds do not conflict with each other here (the statement settles two holds
 * on one seat), so a batch takes any waiters.
 */
final class HoldBatcher {

    private final Function<List<HoldRequest>, Mono<List<HoldAttempt>>> statement;
    private final Batcher<Waiter> batcher;

    /**
     * @param statement runs one batch; emits one attempt per request, in request order (any failure fails the batch)
     */
    HoldBatcher(Function<List<HoldRequest>, Mono<List<HoldAttempt>>> statement, int maxBatch, int maxInFlight) {
        this.statement = Objects.requireNonNull(statement);
        this.batcher = new Batcher<>(maxBatch, maxInFlight, waiter -> List.of(), waiter -> !waiter.cancelled, this::run);
    }

    Mono<HoldAttempt> hold(HoldRequest request) {
        Objects.requireNonNull(request);
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(request, sink);
            sink.onCancel(waiter::cancel);
            batcher.submit(waiter);
        });
    }

    /** Batch statements running now (for tests and diagnostics). */
    int inFlight() {
        return batcher.inFlight();
    }

    /** The statement for one batch; its answers are handed out once the batcher has started the next batch. */
    private Mono<Runnable> run(List<Waiter> batch) {
        List<HoldRequest> requests = batch.stream().map(Waiter::request).toList();
        Mono<List<HoldAttempt>> answer;
        try {
            answer = statement.apply(requests);
        } catch (RuntimeException e) {
            answer = Mono.error(e);
        }
        return answer.switchIfEmpty(Mono.error(() -> new IllegalStateException("hold batch statement gave no answer")))
                .<Runnable>map(attempts -> () -> answer(batch, attempts, null))
                .onErrorResume(error -> Mono.just(() -> answer(batch, null, error)));
    }

    private static void answer(List<Waiter> batch, List<HoldAttempt> attempts, Throwable error) {
        if (error == null && attempts.size() != batch.size()) {
            error = new IllegalStateException(
                    "hold batch statement answered " + attempts.size() + " of " + batch.size() + " holds");
        }
        for (int i = 0; i < batch.size(); i++) {
            MonoSink<HoldAttempt> sink = batch.get(i).sink;
            if (error != null) {
                sink.error(error); // dropped by the sink when its caller has cancelled
            } else {
                sink.success(attempts.get(i));
            }
        }
    }

    private static final class Waiter {

        private final HoldRequest request;
        private final MonoSink<HoldAttempt> sink;
        private volatile boolean cancelled;

        private Waiter(HoldRequest request, MonoSink<HoldAttempt> sink) {
            this.request = request;
            this.sink = sink;
        }

        HoldRequest request() {
            return request;
        }

        void cancel() {
            cancelled = true;
        }
    }
}
