package io.stagedoor.queue.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.queue.api.QueueStatus;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueStatusView;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A stream's slot belongs to its written body: a response made but never written (its client went away while the
 * token's status was read) holds none, and a written one holds it until the stream ends.
 */
class QueueHandlerEventStreamTest {

    private static final QueueStatusView WAITING = new QueueStatusView("t", UserId.of(7), ConcertId.of(3), QueueStatus.WAITING,
            5, 4, 60L, 2_000, null, false);

    private final EventStreamSlots slots = new EventStreamSlots(10, Duration.ofSeconds(5));
    private final Sinks.Many<QueueStatusView> changes = Sinks.many().unicast().onBackpressureBuffer();
    private final QueueHandler handler = new QueueHandler(null, new QueueStatusQuery() {
        @Override
        public Mono<QueueStatusView> status(String token) {
            return Mono.just(WAITING);
        }

        @Override
        public Flux<QueueStatusView> watch(String token) {
            return changes.asFlux();
        }
    }, slots);

    @Test
    void aResponseDroppedBeforeItsBodyIsWrittenHoldsNoSlot() {
        ServerResponse response = handler.events(MockServerRequest.builder().header("Queue-Token", "t").build())
                .block(Duration.ofSeconds(5));

        assertThat(response).isNotNull();
        assertThat(slots.open()).as("slots held by a response nobody will write").isZero();
    }

    @Test
    void aWrittenStreamHoldsItsSlotUntilItEnds() {
        ServerResponse response = handler.events(MockServerRequest.builder().header("Queue-Token", "t").build())
                .block(Duration.ofSeconds(5));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queue/events"));

        Disposable writing = response.writeTo(exchange, new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return HandlerStrategies.withDefaults().messageWriters();
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        }).subscribe();
        try {
            assertThat(slots.open()).as("while the stream is written").isEqualTo(1);
            changes.tryEmitComplete();
            assertThat(slots.open()).as("after its watch ended").isZero();
        } finally {
            writing.dispose();
        }
    }
}
