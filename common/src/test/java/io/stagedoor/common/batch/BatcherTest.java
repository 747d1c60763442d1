package io.stagedoor.common.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class BatcherTest {

    /** A request of user {@code user}; conflicts are per user. */
    private record Request(int id, int user) {
    }

    /** Records each batch and keeps it running until the test finishes it. */
    private static final class Batches implements Batcher.Runner<Request> {
        final List<List<Integer>> started = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> running = new CopyOnWriteArrayList<>();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public Mono<Runnable> run(List<Request> batch) {
            started.add(batch.stream().map(Request::id).toList());
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Sinks.Empty<Void> done = Sinks.empty();
            running.add(done);
            return done.asMono().then(Mono.fromRunnable(concurrent::decrementAndGet));
        }

        void finish(int index) {
            running.get(index).tryEmitEmpty();
        }
    }

    private final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
    private final Batches batches = new Batches();

    private Batcher<Request> queue(int maxBatch, int maxInFlight) {
        return new Batcher<>(maxBatch, maxInFlight, request -> List.of(request.user()),
                request -> !cancelled.contains(request.id()), batches);
    }

    @Test
    void aRequestArrivingWhileASlotIsFreeStartsItsBatchAtOnceAlone() {
        Batcher<Request> queue = queue(32, 2);

        queue.submit(new Request(1, 1));
        queue.submit(new Request(2, 2));

        assertThat(batches.started).containsExactly(List.of(1), List.of(2));
        assertThat(queue.inFlight()).isEqualTo(2);
    }

    @Test
    void requestsArrivingWhileAllSlotsAreBusyWaitAndTheNextBatchTakesThemInArrivalOrderUpToTheMaximum() {
        Batcher<Request> queue = queue(3, 1);
        queue.submit(new Request(1, 1));
        for (int id = 2; id <= 6; id++) {
            queue.submit(new Request(id, id));
        }
        assertThat(batches.started).containsExactly(List.of(1));

        batches.finish(0);
        assertThat(batches.started).containsExactly(List.of(1), List.of(2, 3, 4));
        batches.finish(1);
        assertThat(batches.started).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6));
        batches.finish(2);
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void aSecondRequestOfOneUserWaitsForALaterBatchAheadOfNewerArrivals() {
        Batcher<Request> queue = queue(10, 1);
        queue.submit(new Request(1, 9));
        queue.submit(new Request(2, 7));
        queue.submit(new Request(3, 7));
        queue.submit(new Request(4, 8));

        batches.finish(0);
        assertThat(batches.started.get(1)).containsExactly(2, 4);
        queue.submit(new Request(5, 5));
        batches.finish(1);

        assertThat(batches.started.get(2)).containsExactly(3, 5);
    }

    @Test
    void aRequestCancelledWhileQueuedIsNeverTaken() {
        Batcher<Request> queue = queue(10, 1);
        queue.submit(new Request(1, 1));
        queue.submit(new Request(2, 2));
        queue.submit(new Request(3, 3));
        cancelled.add(2);

        batches.finish(0);

        assertThat(batches.started).containsExactly(List.of(1), List.of(3));
    }

    @Test
    void aBatchThatFailsFreesItsSlot() {
        List<List<Integer>> started = new ArrayList<>();
        Batcher<Request> queue = new Batcher<>(10, 1, request -> List.of(request.user()), request -> true, batch -> {
            started.add(batch.stream().map(Request::id).toList());
            return Mono.error(new IllegalStateException("boom"));
        });

        queue.submit(new Request(1, 1));
        queue.submit(new Request(2, 2));

        assertThat(started).containsExactly(List.of(1), List.of(2));
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void manyThreadsSubmittingAtOnceNeverRunMoreBatchesThanAllowedAndLoseNoRequest() throws Exception {
        int threads = 16;
        int perThread = 500;
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger largest = new AtomicInteger();
        Batcher<Request> queue = new Batcher<>(8, 3, request -> List.of(request.user()), request -> true, batch -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            largest.accumulateAndGet(batch.size(), Math::max);
            seen.addAndGet(batch.size());
            // counted down before the batch signals its end, so the count never lags behind the queue's own
            return Mono.delay(Duration.ofMillis(1)).then(Mono.fromRunnable(concurrent::decrementAndGet));
        });

        concurrently(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                queue.submit(new Request(thread * perThread + i, thread * perThread + i));
            }
        });

        long deadline = System.currentTimeMillis() + 20_000;
        while (seen.get() < threads * perThread && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(seen.get()).isEqualTo(threads * perThread);
        assertThat(maxConcurrent.get()).isLessThanOrEqualTo(3);
        assertThat(largest.get()).isLessThanOrEqualTo(8);
    }

    @Test
    void theAnswersABatchEmitsAreHandedOutAfterItsSlotIsFreeAndTheNextBatchHasStarted() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Sinks.One<Runnable>> running = new CopyOnWriteArrayList<>();
        Batcher<Request> queue = new Batcher<>(10, 1, request -> List.of(), request -> true, batch -> {
            events.add("start " + batch.stream().map(Request::id).toList());
            Sinks.One<Runnable> done = Sinks.one();
            running.add(done);
            return done.asMono();
        });
        queue.submit(new Request(1, 1));
        queue.submit(new Request(2, 2));

        running.get(0).tryEmitValue(() -> events.add("answers of [1]"));

        assertThat(events).containsExactly("start [1]", "start [2]", "answers of [1]");
    }

    @Test
    void aRunnerThatThrowsInsteadOfFailingItsMonoFreesItsSlot() {
        List<List<Integer>> started = new ArrayList<>();
        Batcher<Request> queue = new Batcher<>(10, 1, request -> List.of(), request -> true, batch -> {
            started.add(batch.stream().map(Request::id).toList());
            throw new IllegalStateException("bug");
        });

        queue.submit(new Request(1, 1));
        queue.submit(new Request(2, 2));

        assertThat(started).containsExactly(List.of(1), List.of(2));
        assertThat(queue.inFlight()).isZero();
    }

    /**
     * Sixteen threads submit at once, users shared between them, a third of the callers cancelled before their batch
     * forms, batches finishing on other threads: every request that was not cancelled runs exactly once, no cancelled
     * one runs, no batch holds two requests of one user, and the limits on batch size and batches in flight hold.
     */
    @Test
    void underManyThreadsEveryLiveRequestRunsOnceNoCancelledOneRunsAndNoBatchHoldsAConflict() throws Exception {
        int threads = 16;
        int perThread = 400;
        int maxBatch = 8;
        int maxInFlight = 3;
        Set<Integer> gone = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> runs = new ConcurrentHashMap<>();
        List<String> conflicts = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger largest = new AtomicInteger();
        AtomicInteger handedOut = new AtomicInteger();
        Batcher<Request> queue = new Batcher<>(maxBatch, maxInFlight, request -> List.of(request.user()),
                request -> !gone.contains(request.id()), batch -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            largest.accumulateAndGet(batch.size(), Math::max);
            if (batch.stream().map(Request::user).distinct().count() != batch.size()) {
                conflicts.add(batch.toString());
            }
            batch.forEach(request -> runs.merge(request.id(), 1, Integer::sum));
            return Mono.delay(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)))
                    .then(Mono.fromRunnable(concurrent::decrementAndGet))
                    .thenReturn((Runnable) () -> handedOut.addAndGet(batch.size()));
        });

        concurrently(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                int id = thread * perThread + i;
                if (id % 3 == 0) {
                    gone.add(id); // its caller went away before any batch could form with it
                }
                queue.submit(new Request(id, id % 37));
            }
        });

        int live = threads * perThread - gone.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((handedOut.get() < live || queue.inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(handedOut.get()).isEqualTo(live);
        assertThat(runs).hasSize(live).allSatisfy((id, times) -> assertThat(times).as("runs of %d", id).isEqualTo(1));
        assertThat(runs.keySet()).doesNotContainAnyElementsOf(gone);
        assertThat(conflicts).isEmpty();
        assertThat(maxConcurrent.get()).isLessThanOrEqualTo(maxInFlight);
        assertThat(largest.get()).isLessThanOrEqualTo(maxBatch);
        assertThat(queue.inFlight()).isZero();
    }

    /** Runs {@code body(t)} for t = 0 .. threads-1, each on its own thread, all released at once. */
    private static void concurrently(int threads, IntConsumer body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    body.accept(thread);
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
