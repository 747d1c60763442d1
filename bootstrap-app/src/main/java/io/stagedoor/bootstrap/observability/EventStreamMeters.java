package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueStatusView;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The queue's server-sent event streams open on this instance ({@code stagedoor_sse_streams}), counted around the
 * status query's {@code watch} that feeds every stream, and the most this instance accepts
 * ({@code stagedoor_sse_streams_max}, the queue's {@code stagedoor.queue.event-streams-max}; +Inf without a cap).
 */
public final class EventStreamMeters {

    static final String STREAMS = "stagedoor.sse.streams";
    static final String STREAMS_MAX = "stagedoor.sse.streams.max";

    private final AtomicInteger open = new AtomicInteger();

    public EventStreamMeters(MeterRegistry registry, OptionalInt cap) {
        Gauge.builder(STREAMS, open, AtomicInteger::get)
                .description("Server-sent event streams open on this instance")
                .register(registry);
        double max = cap.isPresent() ? cap.getAsInt() : Double.POSITIVE_INFINITY;
        Gauge.builder(STREAMS_MAX, () -> max)
                .description("Most server-sent event streams this instance accepts (+Inf: no cap)")
                .register(registry);
    }

    /** {@code status}, counting every watch (one per event stream) from its subscription until it ends. */
    public QueueStatusQuery counted(QueueStatusQuery status) {
        return new QueueStatusQuery() {
            @Override
            public Mono<QueueStatusView> status(String token) {
                return status.status(token);
            }

            @Override
            public Flux<QueueStatusView> watch(String token) {
                return status.watch(token)
                        .doOnSubscribe(subscription -> open.incrementAndGet())
                        .doFinally(signal -> open.decrementAndGet());
            }
        };
    }

    int open() {
        return open.get();
    }
}
