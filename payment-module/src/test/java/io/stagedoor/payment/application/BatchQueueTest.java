package io.stagedoor.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class BatchQueueTest {

    /** A request of user {@code user}; conflicts are per user. */
    private record Request(int id, int user) {
    }

    /** Records each batch and keeps it running until the test finishes it. */
    private static final class Batches implements BatchQueue.Runner<Request> {
        final List<List<Integer>> started = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> running = new CopyOnWriteArrayList<>();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        @Override
        public Mono<Void> run(List<Request> batch) {
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

    private BatchQueue<Request> queue(int maxBatch, int maxInFlight) {
        return new BatchQueue<>(maxBatch, maxInFlight, request -> List.of(request.user()),
                request -> !cancelled.contains(request.id()), batches);
    }

    @Test
    void aRequestArrivingWhileASlotIsFreeStartsItsBatchAtOnceAlone() {
        BatchQueue<Request> queue = queue(32, 2);

        queue.submit(new Request(1, 1));
        queue.submit(new Request(2, 2));

        assertThat(batches.started).containsExactly(List.of(1), List.of(2));
        assertThat(queue.inFlight()).isEqualTo(2);
    }

    @Test
    void requestsArrivingWhileAllSlotsAreBusyWaitAndTheNextBatchTakesThemInArrivalOrderUpToTheMaximum() {
        BatchQueue<Request> queue = queue(3, 1);
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
        BatchQueue<Request> queue = queue(10, 1);
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
        BatchQueue<Request> queue = queue(10, 1);
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
        BatchQueue<Request> queue = new BatchQueue<>(10, 1, request -> List.of(request.user()), request -> true, batch -> {
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
        BatchQueue<Request> queue = new BatchQueue<>(8, 3, request -> List.of(request.user()), request -> true, batch -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            largest.accumulateAndGet(batch.size(), Math::max);
            seen.addAndGet(batch.size());
            // counted down before the batch signals its end, so the count never lags behind the queue's own
            return Mono.delay(java.time.Duration.ofMillis(1)).then(Mono.fromRunnable(concurrent::decrementAndGet));
        });

        io.stagedoor.testsupport.Concurrently.run(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                queue.submit(new Request(thread * perThread + i, thread * perThread + i));
            }
            return null;
        });

        long deadline = System.currentTimeMillis() + 20_000;
        while (seen.get() < threads * perThread && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(seen.get()).isEqualTo(threads * perThread);
        assertThat(maxConcurrent.get()).isLessThanOrEqualTo(3);
        assertThat(largest.get()).isLessThanOrEqualTo(8);
    }
}
