package io.stagedoor.queue.application;

import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.QueueToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A token's standing for its holder: once (polling) or as a stream of changes (server-sent events). A sealed token
 * whose place this instance's {@link RoomPictures} is sure of is answered from memory; anything else (ACTIVE, gone,
 * joined since the last picture, an old-format token) is asked of Redis. A token whose seal does not match is refused
 * without asking anyone.
 */
final class QueueStatusService implements QueueStatusQuery {

    /**
     * A push stream re-reads this often. A re-read of a waiter the picture is sure of is a memory read, so a stream
     * can afford to look every second (whatever {@code pollAfterMillis} tells pollers) and pass on a change, e.g. a
     * pause or an admission, about as soon as the picture shows it.
     */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final WaitingLine line;
    private final QueueRules rules;
    private final StatusViews views;
    private final Clock clock;
    private final TokenSeal seal;
    private final RoomPictures pictures;

    QueueStatusService(WaitingLine line, QueueRules rules, Clock clock, TokenSeal seal, RoomPictures pictures) {
        this.line = line;
        this.rules = rules;
        this.views = new StatusViews(rules, clock);
        this.clock = clock;
        this.seal = seal;
        this.pictures = pictures;
    }

    @Override
    public Mono<QueueStatusView> status(String rawToken) {
        return Mono.defer(() -> {
            QueueToken token = QueueToken.parse(rawToken).filter(seal::trusted).orElse(null);
            if (token == null) {
                return Mono.error(new QueueTokenInvalidException());
            }
            Optional<Standing.Waiting> remembered = pictures.waiting(token);
            if (remembered.isPresent()) {
                return Mono.just(views.of(token, remembered.get()));
            }
            return line.look(token, clock.instant(), rules.abandonAfter())
                    .flatMap(standing -> {
                        if (standing instanceof Standing.Gone) {
                            return Mono.error(new QueueTokenInvalidException());
                        }
                        if (standing instanceof Standing.Waiting waiting) {
                            return Mono.just(views.of(token, new Standing.Waiting(
                                    pictures.noFurtherBack(token, waiting.position()), waiting.admittedLastMinute(),
                                    pictures.budgetReturns(token.concertId()), waiting.active(),
                                    waiting.roomSettings())));
                        }
                        return Mono.just(views.of(token, standing));
                    });
        });
    }

    /**
     * Re-reads every {@link #WATCH_INTERVAL}; every re-read of a waiter the picture is sure of costs no Redis call, so
     * the streams of one room share its one read per tick.
     */
    @Override
    public Flux<QueueStatusView> watch(String rawToken) {
        return status(rawToken)
                .expand(previous -> previous.active()
                        ? Mono.empty()
                        : Mono.delay(WATCH_INTERVAL).then(status(rawToken)))
                .distinctUntilChanged();
    }
}
