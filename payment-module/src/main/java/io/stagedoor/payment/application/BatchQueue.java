package io.stagedoor.payment.application;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Groups concurrent requests into batches without timers: a request that arrives while fewer than {@code maxInFlight}
 * batches run starts a batch at once with whatever is queued (so at low load a request waits for nothing); otherwise it
 * waits, and the next free slot takes up to {@code maxBatch} queued requests in arrival order. A batch never holds two
 * requests that share a conflict key (the same user, the same reservation): the later one waits for a later batch,
 * ahead of newer arrivals.
 *
 * <p>Lock-free: arrivals go to a concurrent queue; batches are formed by one drain loop at a time (a work-in-progress
 * counter, as in Reactor's operators), which is also the only code touching the deferred requests. A request
 * {@code take} refuses (it was cancelled while queued) is dropped.
 *
 * @param <T> a queued request
 */
public final class BatchQueue<T> {

    private static final Log log = LogFactory.getLog(BatchQueue.class);

    /** Runs one batch; the returned Mono completes when the batch is done (it should not fail: failures are its own to answer). */
    public interface Runner<T> {
        Mono<Void> run(List<T> batch);
    }

    private final int maxBatch;
    private final int maxInFlight;
    private final Function<T, Collection<?>> conflictKeys;
    private final Predicate<T> take;
    private final Runner<T> runner;

    private final ConcurrentLinkedQueue<T> arrivals = new ConcurrentLinkedQueue<>();
    /** Requests that met a conflict, oldest first; touched only inside the drain loop. */
    private ArrayDeque<T> deferred = new ArrayDeque<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    public BatchQueue(int maxBatch, int maxInFlight, Function<T, Collection<?>> conflictKeys, Predicate<T> take,
                      Runner<T> runner) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("a batch holds at least one request and at least one batch runs");
        }
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.conflictKeys = Objects.requireNonNull(conflictKeys);
        this.take = Objects.requireNonNull(take);
        this.runner = Objects.requireNonNull(runner);
    }

    public void submit(T request) {
        arrivals.offer(Objects.requireNonNull(request));
        drain();
    }

    /** Batches running now (for tests and metrics). */
    public int inFlight() {
        return inFlight.get();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // the running loop will look again
        }
        int missed = 1;
        do {
            while (inFlight.get() < maxInFlight) {
                List<T> batch = nextBatch();
                if (batch.isEmpty()) {
                    break;
                }
                inFlight.incrementAndGet();
                start(batch);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private List<T> nextBatch() {
        List<T> batch = new ArrayList<>();
        Set<Object> taken = new HashSet<>();
        ArrayDeque<T> stillDeferred = new ArrayDeque<>();
        for (T request = deferred.poll(); request != null; request = deferred.poll()) {
            offer(request, batch, taken, stillDeferred);
        }
        while (batch.size() < maxBatch) {
            T request = arrivals.poll();
            if (request == null) {
                break;
            }
            offer(request, batch, taken, stillDeferred);
        }
        deferred = stillDeferred;
        return batch;
    }

    private void offer(T request, List<T> batch, Set<Object> taken, ArrayDeque<T> stillDeferred) {
        Collection<?> keys = conflictKeys.apply(request);
        if (batch.size() >= maxBatch || keys.stream().anyMatch(taken::contains)) {
            stillDeferred.add(request);
        } else if (take.test(request)) {
            taken.addAll(keys);
            batch.add(request);
        }
    }

    private void start(List<T> batch) {
        Mono<Void> run;
        try {
            run = runner.run(batch);
        } catch (RuntimeException bug) {
            run = Mono.error(bug);
        }
        run.doFinally(signal -> {
                    inFlight.decrementAndGet();
                    drain();
                })
                .subscribe(null, failure -> log.error("A batch of " + batch.size() + " failed outside its own handling", failure));
    }
}
