package io.stagedoor.common.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * waits, and the next free slot takes up to {@code maxBatch} queued requests in arrival order. So the batch size grows
 * by itself with the load, exactly while the batch's resource (PostgreSQL) is the bottleneck.
 *
 * <p>A batch never holds two requests that share a conflict key (the same user, the same reservation): the later one
 * waits for a later batch, ahead of newer arrivals. A request that {@code take} refuses when its batch forms (its caller
 * cancelled while it was queued) is dropped. Once taken, a request's batch runs to the end: the batch is subscribed by
 * this class, never by a caller, so a caller that goes away never cancels the work the others of its batch wait on.
 *
 * <p>Lock-free: arrivals go to a concurrent queue; batches are formed by one drain loop at a time (a work-in-progress
 * counter, as in Reactor's operators), which is also the only code touching the deferred requests. No thread ever blocks
 * or holds a lock across I/O.
 *
 * @param <T> a queued request
 */
public final class Batcher<T> {

    private static final Log log = LogFactory.getLog(Batcher.class);

    /** Runs one batch. */
    public interface Runner<T> {

        /**
         * The batch's work; the Mono completes when the batch is done and should not fail (failures are the batch's to
         * answer). What it emits, if anything, runs once the batch's slot is free and the next batch has started, so
         * the next batch does not wait while this one's answers are handed out.
         */
        Mono<? extends Runnable> run(List<T> batch);
    }

    private final int maxBatch;
    private final int maxInFlight;
    private final Function<? super T, ? extends Collection<?>> conflictKeys;
    private final Predicate<? super T> take;
    private final Runner<T> runner;

    private final ConcurrentLinkedQueue<T> arrivals = new ConcurrentLinkedQueue<>();
    /** Requests that met a conflict, oldest first; touched only inside the drain loop. */
    private ArrayDeque<T> deferred = new ArrayDeque<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param conflictKeys what a request may not share with another of its batch (an empty collection: nothing)
     * @param take         asked once, when a batch forms, whether the request still wants to run; false drops it
     */
    public Batcher(int maxBatch, int maxInFlight, Function<? super T, ? extends Collection<?>> conflictKeys,
                   Predicate<? super T> take, Runner<T> runner) {
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
            return; // the thread in the loop below sees this call through wip and goes round once more
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
        List<T> batch = new ArrayList<>(Math.min(maxBatch, 16));
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
        Mono<? extends Runnable> run;
        try {
            run = runner.run(batch);
        } catch (RuntimeException bug) {
            run = Mono.error(bug);
        }
        run.map(Optional::<Runnable>of)
                .defaultIfEmpty(Optional.empty())
                .subscribe(handOut -> {
                    release();
                    handOut.ifPresent(answers -> handOut(batch, answers));
                }, failure -> {
                    release();
                    log.error("A batch of " + batch.size() + " failed outside its own handling", failure);
                });
    }

    /** Frees the batch's slot and starts the next batch. */
    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    private static void handOut(List<?> batch, Runnable answers) {
        try {
            answers.run();
        } catch (RuntimeException bug) {
            log.error("Handing out the answers of a batch of " + batch.size() + " failed", bug);
        }
    }
}
