package io.stagedoor.queue.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * An event stream ends when its watch ends or fails, and whenever a newer stream of its token replaces it: before its
 * response subscribes, or from another thread at any point while it subscribes (docs/queue.md, Event streams).
 */
class EventStreamTest {

    private static final Duration NO_HEARTBEAT_SOON = Duration.ofHours(1);
    private static final String PROBE = "EventStreamTest.handOffs";

    private final EventStreamSlots slots = new EventStreamSlots(10, Duration.ofSeconds(5));

    @Test
    void aStreamReplacedBeforeItsResponseSubscribesEndsAtOnceWithoutAnEvent() {
        EventStreamSlots.Slot older = slots.open("t", slots.arrive());
        slots.open("t", slots.arrive());

        StepVerifier.create(EventStream.of(Flux.<QueueStatusView>never(), older, NO_HEARTBEAT_SOON))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(slots.open()).as("the newer stream's slot").isEqualTo(1);
    }

    @Test
    void aStreamEndsWhenItsWatchEndsAndGivesItsSlotBack() {
        EventStreamSlots.Slot slot = slots.open("t", slots.arrive());

        StepVerifier.create(EventStream.of(Flux.<QueueStatusView>empty(), slot, NO_HEARTBEAT_SOON))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(slots.open()).isZero();
    }

    @Test
    void aFailedWatchEndsTheStreamWithAnErrorEvent() {
        EventStreamSlots.Slot slot = slots.open("t", slots.arrive());

        StepVerifier.create(EventStream.of(Flux.<QueueStatusView>error(new IllegalStateException("boom")), slot,
                        NO_HEARTBEAT_SOON))
                .expectNextMatches(event -> "error".equals(event.event()))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(slots.open()).isZero();
    }

    @Test
    void aHeartbeatIsACommentAndTheStreamGoesOnAfterIt() {
        EventStreamSlots.Slot slot = slots.open("t", slots.arrive());

        StepVerifier.create(EventStream.of(Flux.<QueueStatusView>never(), slot, Duration.ofMillis(20)))
                .expectNextMatches(event -> event.comment() != null && event.event() == null)
                .expectNextMatches(event -> event.comment() != null)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(slots.open()).isZero();
    }

    /**
     * Subscribing to a stream is a chain of operators each handing {@code onSubscribe} down to the next. For every
     * point between two of those hand-offs in turn, the subscribing thread stops there while another thread opens a
     * newer stream of the token, which ends this one; then the subscription goes on. Whatever the point, the stream must
     * end: a newer stream on another event loop may land on any of them. (The first composition lost the end at the
     * points between {@code takeUntilOther} and {@code publish}; see docs/queue.md, Event streams.)
     */
    @Test
    void aStreamReplacedFromAnotherThreadAtAnyPointOfItsSubscriptionEnds() throws Exception {
        ExecutorService newerStreams = Executors.newSingleThreadExecutor();
        Thread subscriber = Thread.currentThread();
        AtomicInteger handOffs = new AtomicInteger();
        AtomicInteger stopAt = new AtomicInteger(-1);
        AtomicReference<Runnable> replacement = new AtomicReference<>();
        Hooks.onEachOperator(PROBE, Operators.lift((operator, downstream) -> new HandOff<>(downstream, () -> {
            Runnable replace = replacement.get();
            if (Thread.currentThread() == subscriber && handOffs.getAndIncrement() == stopAt.get() && replace != null
                    && replacement.compareAndSet(replace, null)) {
                await(newerStreams.submit(replace));
            }
        })));
        int points = 0;
        try {
            for (int point = 0; ; point++) {
                String token = "t" + point;
                EventStreamSlots.Slot older = slots.open(token, slots.arrive());
                long newerArrival = slots.arrive();
                AtomicReference<EventStreamSlots.Slot> newer = new AtomicReference<>();
                Flux<ServerSentEvent<Object>> stream = EventStream.of(Flux.never(), older, NO_HEARTBEAT_SOON);
                AtomicBoolean ended = new AtomicBoolean();
                handOffs.set(0);
                stopAt.set(point);
                replacement.set(() -> newer.set(slots.open(token, newerArrival)));

                Disposable subscription = stream.subscribe(event -> { }, error -> ended.set(true), () -> ended.set(true));
                if (replacement.getAndSet(null) != null) { // the subscription has fewer hand-offs: all were tried
                    subscription.dispose();
                    break;
                }
                points++;
                assertThat(ended.get() || Polling.within(Duration.ofSeconds(1), Duration.ofMillis(10), ended::get))
                        .as("the stream replaced at hand-off %d of its subscription ended", point).isTrue();
                assertThat(EventStreamSlotsTest.ended(newer.get())).isFalse();
                newer.get().close();
            }
        } finally {
            Hooks.resetOnEachOperator(PROBE);
            newerStreams.shutdownNow();
        }
        assertThat(points).as("hand-offs tried").isGreaterThan(5);
        assertThat(slots.open()).isZero();
    }

    private static void await(Future<?> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs {@code probe} as an operator hands {@code onSubscribe} to its subscriber, then passes every signal on. */
    private record HandOff<T>(CoreSubscriber<? super T> downstream, Runnable probe) implements CoreSubscriber<T> {

        @Override
        public Context currentContext() {
            return downstream.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            probe.run();
            downstream.onSubscribe(subscription);
        }

        @Override
        public void onNext(T value) {
            downstream.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            downstream.onComplete();
        }
    }
}
