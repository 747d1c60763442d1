package io.stagedoor.queue.application;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.ExpireTokenUseCase;
import io.stagedoor.queue.api.QueueNotAdmittedException;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.QueueToken;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** The admission check in front of the booking APIs, and the end of a token once its holder has paid. */
final class ActiveTokenService implements ValidateActiveTokenQuery, ExpireTokenUseCase {

    private final WaitingLine line;
    private final QueueRules rules;
    private final Clock clock;
    private final RecentAdmissions recent;

    private final TokenSeal seal;

    ActiveTokenService(WaitingLine line, QueueRules rules, Clock clock, TokenSeal seal) {
        this(line, rules, clock, RecentAdmissions.disabled(clock), seal);
    }

    /** A token whose seal does not match is refused before Redis is asked. */
    ActiveTokenService(WaitingLine line, QueueRules rules, Clock clock, RecentAdmissions recent, TokenSeal seal) {
        this.line = line;
        this.rules = rules;
        this.clock = clock;
        this.recent = recent;
        this.seal = seal;
    }

    @Override
    public Mono<Admission> validateRecent(String rawToken) {
        return Mono.defer(() -> recent.recall(rawToken).map(Mono::just).orElseGet(() -> validate(rawToken)));
    }

    @Override
    public Mono<Admission> validate(String rawToken) {
        return Mono.defer(() -> {
            QueueToken token = QueueToken.parse(rawToken).filter(seal::trusted).orElse(null);
            if (token == null) {
                return Mono.error(new QueueTokenInvalidException());
            }
            return line.look(token, clock.instant(), rules.abandonAfter()).flatMap(standing -> {
                if (standing instanceof Standing.Active active) {
                    Admission admission = new Admission(token.value(), UserId.of(token.userId()),
                            ConcertId.of(token.concertId()), active.activeUntil());
                    recent.remember(admission);
                    return Mono.just(admission);
                }
                if (standing instanceof Standing.Waiting waiting) {
                    return Mono.error(new QueueNotAdmittedException(token.concertId(), waiting.position()));
                }
                return Mono.error(new QueueTokenInvalidException());
            });
        });
    }

    /** Ends the token's session (or place). A token that already holds nothing is left as it is. */
    @Override
    public Mono<Void> expire(String rawToken) {
        return Mono.defer(() -> QueueToken.parse(rawToken)
                .map(token -> {
                    recent.forget(token.value());
                    return line.expire(token).then();
                })
                .orElseGet(() -> Mono.error(new QueueTokenInvalidException())));
    }

    /** One Redis call per room for all of them; a token that does not parse holds nothing and is skipped. */
    @Override
    public Mono<Void> expireAll(List<String> rawTokens) {
        return Mono.defer(() -> {
            List<QueueToken> tokens = new ArrayList<>(rawTokens.size());
            for (String raw : rawTokens) {
                QueueToken.parse(raw).ifPresent(token -> {
                    recent.forget(token.value());
                    tokens.add(token);
                });
            }
            return tokens.isEmpty() ? Mono.empty() : line.expireAll(tokens).then();
        });
    }
}
