package io.stagedoor.concert.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.ReservationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** The batcher's queueing alone, with a fake statement the test completes by hand (no database needed for this). */
class HoldBatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    /** A statement whose batches the test sees and answers; each answer wins request i's seat for it. */
    private static final class ManualStatement {

        final List<List<HoldRequest>> batches = new CopyOnWriteArrayList<>();
        final List<Sinks.One<List<HoldAttempt>>> pending = new CopyOnWriteArrayList<>();
        final AtomicBoolean cancelled = new AtomicBoolean();

        Mono<List<HoldAttempt>> run(List<HoldRequest> requests) {
            batches.add(requests);
            Sinks.One<List<HoldAttempt>> answer = Sinks.one();
            pending.add(answer);
            return answer.asMono().doOnCancel(() -> cancelled.set(true));
        }

        void answer(int batch) {
            pending.get(batch).tryEmitValue(requests(batch).stream().map(HoldBatcherTest::won).toList());
        }

        void fail(int batch, Throwable error) {
            pending.get(batch).tryEmitError(error);
        }

        List<HoldRequest> requests(int batch) {
            return batches.get(batch);
        }
    }

    private static HoldRequest request(int seat) {
        return new HoldRequest(1000 + seat, 1, 1, seat, NOW, NOW.plusSeconds(300));
    }

    private static HoldAttempt won(HoldRequest request) {
        return new HoldAttempt.Won(new Reservation(request.seatNumber(), request.userId(), request.concertId(),
                request.scheduleId(), request.seatNumber(), 1000, ReservationStatus.HELD, request.expiresAt()));
    }

    private static int seatOf(HoldAttempt attempt) {
        return ((HoldAttempt.Won) attempt).reservation().seatNumber();
    }

    @Test
    void holdArrivingWhileASlotIsFreeRunsAtOnceAlone() {
        ManualStatement statement = new ManualStatement();
        HoldBatcher batcher = new HoldBatcher(statement::run, 64, 2);
        List<HoldAttempt> answers = new ArrayList<>();

        batcher.hold(request(1)).subscribe(answers::add);

        assertThat(statement.batches).hasSize(1);
        assertThat(statement.requests(0)).containsExactly(request(1));
        statement.answer(0);
        assertThat(answers).singleElement().extracting(HoldBatcherTest::seatOf).isEqualTo(1);
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void holdsArrivingWhileEverySlotIsBusyWaitAndGoTogetherInBatchesOfAtMostMaxSize() {
        ManualStatement statement = new ManualStatement();
        HoldBatcher batcher = new HoldBatcher(statement::run, 4, 2);
        List<HoldAttempt> answers = new CopyOnWriteArrayList<>();

        for (int seat = 1; seat <= 11; seat++) {
            batcher.hold(request(seat)).subscribe(answers::add);
        }

        // seats 1 and 2 each found a free slot; 3..11 wait
        assertThat(statement.batches).hasSize(2);
        assertThat(batcher.inFlight()).isEqualTo(2);
        statement.answer(0);
        assertThat(statement.batches).hasSize(3);
        assertThat(statement.requests(2)).containsExactly(request(3), request(4), request(5), request(6));
        assertThat(batcher.inFlight()).isEqualTo(2);
        statement.answer(1);
        statement.answer(2);
        assertThat(statement.requests(3)).containsExactly(request(7), request(8), request(9), request(10));
        assertThat(statement.requests(4)).containsExactly(request(11));
        statement.answer(3);
        statement.answer(4);

        assertThat(answers).extracting(HoldBatcherTest::seatOf)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void eachCallerGetsTheAttemptOfItsOwnRequest() {
        HoldBatcher batcher = new HoldBatcher(requests -> Mono.just(requests.stream()
                .map(r -> r.seatNumber() % 2 == 0 ? won(r) : (HoldAttempt) new HoldAttempt.Lost(Optional.empty()))
                .toList()), 8, 1);

        for (int seat = 1; seat <= 20; seat++) {
            HoldAttempt attempt = batcher.hold(request(seat)).block(Duration.ofSeconds(5));
            if (seat % 2 == 0) {
                assertThat(seatOf(attempt)).isEqualTo(seat);
            } else {
                assertThat(attempt).isInstanceOf(HoldAttempt.Lost.class);
            }
        }
    }

    @Test
    void callerCancelledWhileQueuedIsLeftOutAndTheOthersStillGetTheirAnswers() {
        ManualStatement statement = new ManualStatement();
        HoldBatcher batcher = new HoldBatcher(statement::run, 8, 1);
        List<HoldAttempt> answers = new CopyOnWriteArrayList<>();
        batcher.hold(request(1)).subscribe(answers::add);
        Disposable leaving = batcher.hold(request(2)).subscribe(answers::add);
        batcher.hold(request(3)).subscribe(answers::add);

        leaving.dispose();
        statement.answer(0);

        assertThat(statement.requests(1)).containsExactly(request(3));
        statement.answer(1);
        assertThat(answers).extracting(HoldBatcherTest::seatOf).containsExactly(1, 3);
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void callerCancelledWhileItsBatchRunsNeverCancelsTheStatementForTheOthers() {
        ManualStatement statement = new ManualStatement();
        HoldBatcher batcher = new HoldBatcher(statement::run, 8, 1);
        List<HoldAttempt> answers = new CopyOnWriteArrayList<>();
        batcher.hold(request(1)).subscribe(answers::add);
        Disposable leaving = batcher.hold(request(2)).subscribe(answers::add);
        batcher.hold(request(3)).subscribe(answers::add);
        statement.answer(0); // 2 and 3 now run together
        assertThat(statement.requests(1)).containsExactly(request(2), request(3));

        leaving.dispose();
        statement.answer(1);

        assertThat(statement.cancelled).isFalse();
        assertThat(answers).extracting(HoldBatcherTest::seatOf).containsExactly(1, 3);
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void failedStatementFailsEveryHoldOfItsBatchAndTheNextBatchStillRuns() {
        ManualStatement statement = new ManualStatement();
        HoldBatcher batcher = new HoldBatcher(statement::run, 8, 1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<HoldAttempt> answers = new CopyOnWriteArrayList<>();
        batcher.hold(request(1)).subscribe(answers::add, errors::add);
        batcher.hold(request(2)).subscribe(answers::add, errors::add);
        batcher.hold(request(3)).subscribe(answers::add, errors::add);
        statement.answer(0);
        IllegalStateException down = new IllegalStateException("PostgreSQL is down");

        statement.fail(1, down);

        assertThat(errors).containsExactly(down, down);
        batcher.hold(request(4)).subscribe(answers::add, errors::add);
        statement.answer(2);
        assertThat(answers).extracting(HoldBatcherTest::seatOf).containsExactly(1, 4);
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void statementThatAnswersTheWrongNumberOfHoldsFailsTheBatchInsteadOfMisroutingAnswers() {
        HoldBatcher batcher = new HoldBatcher(requests -> Mono.just(List.of()), 8, 1);

        assertThatThrownBy(() -> batcher.hold(request(1)).block(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class).hasMessageContaining("0 of 1");
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void manyThreadsHoldingAtOnceAllGetTheirAnswerAndNeverMoreThanMaxInFlightStatementsRun() throws Exception {
        int maxInFlight = 3;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        HoldBatcher batcher = new HoldBatcher(requests -> Mono.defer(() -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            batchSizes.add(requests.size());
            // a statement is running until it answers (the real one has given its connection back by then)
            return Mono.delay(Duration.ofMillis(2), Schedulers.parallel())
                    .map(tick -> {
                        running.decrementAndGet();
                        return requests.stream().map(HoldBatcherTest::won).toList();
                    });
        }), 16, maxInFlight);
        int threads = 32;
        int holdsPerThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads * holdsPerThread);
        ConcurrentLinkedQueue<Integer> answered = new ConcurrentLinkedQueue<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < holdsPerThread; i++) {
                        batcher.hold(request(thread * holdsPerThread + i))
                                .subscribe(attempt -> answered.add(seatOf(attempt)), e -> { }, done::countDown);
                    }
                    return null;
                });
            }
            start.countDown();

            assertThat(done.await(60, TimeUnit.SECONDS)).as("every hold answered").isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(answered).hasSize(threads * holdsPerThread).doesNotHaveDuplicates();
        assertThat(mostRunning.get()).isLessThanOrEqualTo(maxInFlight);
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 16));
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0))
                .as("holds that waited went together").isGreaterThan(1);
        assertThat(batcher.inFlight()).isZero();
    }
}
