package io.stagedoor.queue.application;

import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.QueueToken;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A token's standing for its holder: once (polling) or as a stream of changes (server-sent events). */
public final class QueueStatusService implements QueueStatusQuery {

    /** A push stream re-reads at least this often, however far back the waiter is. */
    static final Duration WATCH_MAX_INTERVAL = Duration.ofSeconds(10);

    private final WaitingLine line;
    private final QueueRules rules;
    private final StatusViews views;
    private final Clock clock;

    public QueueStatusService(WaitingLine line, QueueRules rules, Clock clock) {
        this.line = line;
        this.rules = rules;
        this.views = new StatusViews(rules);
        this.clock = clock;
    }

    @Override
    public Mono<QueueStatusView> status(String rawToken) {
        return Mono.defer(() -> {
            QueueToken token = QueueToken.parse(rawToken).orElse(null);
            if (token == null) {
                return Mono.error(new QueueTokenInvalidException());
            }
            return line.look(token, clock.instant(), rules.abandonAfter())
                    .flatMap(standing -> standing instanceof Standing.Gone
                            ? Mono.error(new QueueTokenInvalidException())
                            : Mono.just(views.of(token, standing)));
        });
    }

    @Override
    public Flux<QueueStatusView> watch(String rawToken) {
        return status(rawToken)
                .expand(previous -> previous.active()
                        ? Mono.empty()
                        : Mono.delay(Duration.ofMillis(Math.min(previous.pollAfterMillis(), WATCH_MAX_INTERVAL.toMillis())))
                                .then(status(rawToken)))
                .distinctUntilChanged();
    }
}
