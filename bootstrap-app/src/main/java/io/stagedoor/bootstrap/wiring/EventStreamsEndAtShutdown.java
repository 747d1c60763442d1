package io.stagedoor.bootstrap.wiring;

import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.QueueUnavailableException;
import java.time.Duration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends the queue's event streams when the app begins to stop (SIGTERM, context close), before the web server's
 * graceful shutdown waits for open requests: each stream gets a last {@code error} event QUEUE_UNAVAILABLE saying to
 * retry after {@link #RETRY_AFTER} (the client reconnects, through the load balancer, to an instance that stays), and
 * then ends. Otherwise graceful shutdown would wait out its whole timeout for streams that never end on their own.
 */
final class EventStreamsEndAtShutdown implements ApplicationListener<ContextClosedEvent> {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Sinks.Empty<Void> stopping = Sinks.empty();
    private volatile boolean stopped;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopped = true;
        stopping.tryEmitEmpty();
    }

    QueueStatusQuery endingAtShutdown(QueueStatusQuery status) {
        return new QueueStatusQuery() {
            @Override
            public Mono<QueueStatusView> status(String token) {
                return status.status(token);
            }

            @Override
            public Flux<QueueStatusView> watch(String token) {
                return status.watch(token)
                        .takeUntilOther(stopping.asMono())
                        .concatWith(Flux.defer(() -> stopped
                                ? Flux.error(new QueueUnavailableException(RETRY_AFTER, null)) : Flux.empty()));
            }
        };
    }
}
