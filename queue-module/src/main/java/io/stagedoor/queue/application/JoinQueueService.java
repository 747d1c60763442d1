package io.stagedoor.queue.application;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.JoinResult;
import io.stagedoor.queue.api.UnknownConcertException;
import io.stagedoor.queue.api.UnknownUserException;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.UserDirectory;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.QueueToken;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Issues queue tokens: only to existing users for existing concerts, one live token per user and concert. A signed-in
 * user is known to exist; only other callers' users are looked up.
 */
final class JoinQueueService implements JoinQueueUseCase {

    private final UserDirectory users;
    private final ConcertCatalog concerts;
    private final WaitingLine line;
    private final TokenSecrets secrets;
    private final QueueRules rules;
    private final StatusViews views;
    private final Clock clock;
    private final TokenSeal seal;

    /** {@code seal} seals every token handed out (the store hands back {@code <seq>.<random>}; docs/queue.md). */
    JoinQueueService(UserDirectory users, ConcertCatalog concerts, WaitingLine line, TokenSecrets secrets,
            QueueRules rules, Clock clock, TokenSeal seal) {
        this.users = users;
        this.concerts = concerts;
        this.line = line;
        this.secrets = secrets;
        this.rules = rules;
        this.views = new StatusViews(rules, clock);
        this.clock = clock;
        this.seal = seal;
    }

    @Override
    public Mono<JoinResult> join(JoinQueueCommand command) {
        Mono<Boolean> userExists = command.userKnownToExist() ? Mono.just(Boolean.TRUE) : users.exists(command.userId());
        return Mono.zip(userExists, concerts.exists(command.concertId()))
                .flatMap(known -> {
                    if (!known.getT1()) {
                        return Mono.error(new UnknownUserException(command.userId()));
                    }
                    if (!known.getT2()) {
                        return Mono.error(new UnknownConcertException(command.concertId()));
                    }
                    QueueToken candidate = QueueToken.issue(command.concertId(), command.userId(), secrets.next());
                    return line.join(candidate, clock.instant(), rules.abandonAfter());
                })
                .map(placement -> new JoinResult(views.of(seal.seal(placement.token()), placement.standing()),
                        placement.created()));
    }
}
