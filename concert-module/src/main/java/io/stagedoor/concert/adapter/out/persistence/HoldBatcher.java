package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.application.port.out.HoldAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Gathers concurrent holds into batches, one statement each. A hold that finds a free statement slot starts a batch at
 * once with whatever is queued (no timer, so no added latency when the load is light); when every slot is busy it waits
 * in the queue, and each finished batch starts the next one with up to {@code maxBatch} waiters. So the batch size grows
 * by itself with the load, exactly while PostgreSQL is the bottleneck.
 *
 * <p>Lock-free: a multi-producer queue and the usual work-in-progress counter, so one thread at a time forms batches and
 * no thread ever blocks or holds a lock across I/O. The batch statement is subscribed by this class, never by a caller:
 * a caller that cancels (deadline, client gone) only drops its own answer and never cancels the statement the others of
 * its batch wait on. A caller cancelled while still queued is left out of the batch.
 */
final class HoldBatcher {

    private final Function<List<HoldRequest>, Mono<List<HoldAttempt>>> statement;
    private final int maxBatch;
    private final int maxInFlight;
    private final Queue<Waiter> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param statement runs one batch; emits one attempt per request, in request order (any failure fails the batch)
     */
    HoldBatcher(Function<List<HoldRequest>, Mono<List<HoldAttempt>>> statement, int maxBatch, int maxInFlight) {
        this.statement = Objects.requireNonNull(statement);
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be positive");
        }
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    Mono<HoldAttempt> hold(HoldRequest request) {
        Objects.requireNonNull(request);
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(request, sink);
            sink.onCancel(waiter::cancel);
            queue.offer(waiter);
            drain();
        });
    }

    /** Batch statements running now (for tests and diagnostics). */
    int inFlight() {
        return inFlight.get();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // the thread in the loop below sees this call through wip and goes round once more
        }
        int missed = 1;
        do {
            while (inFlight.get() < maxInFlight) {
                List<Waiter> batch = nextBatch();
                if (batch.isEmpty()) {
                    break;
                }
                inFlight.incrementAndGet();
                run(batch);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private List<Waiter> nextBatch() {
        List<Waiter> batch = new ArrayList<>(Math.min(maxBatch, 16));
        while (batch.size() < maxBatch) {
            Waiter waiter = queue.poll();
            if (waiter == null) {
                break;
            }
            if (!waiter.cancelled) {
                batch.add(waiter);
            }
        }
        return batch;
    }

    private void run(List<Waiter> batch) {
        List<HoldRequest> requests = batch.stream().map(Waiter::request).toList();
        Mono<List<HoldAttempt>> answer;
        try {
            answer = statement.apply(requests);
        } catch (RuntimeException e) {
            answer = Mono.error(e);
        }
        answer.switchIfEmpty(Mono.error(() -> new IllegalStateException("hold batch statement gave no answer")))
                .subscribe(attempts -> finish(batch, attempts, null), error -> finish(batch, null, error));
    }

    /** Frees the slot and starts the next batch first, so the database is not idle while answers are delivered. */
    private void finish(List<Waiter> batch, List<HoldAttempt> attempts, Throwable error) {
        inFlight.decrementAndGet();
        drain();
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
