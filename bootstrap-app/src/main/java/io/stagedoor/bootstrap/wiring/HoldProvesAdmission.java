package io.stagedoor.bootstrap.wiring;

import io.stagedoor.concert.api.LiveHoldQuery;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.LostAdmissionQuery;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * The admission check of the gated writes that ask Redis (payments): a token the waiting room does not know still
 * admits when its user holds a live seat of its concert that was held before the waiting room's store last lost its
 * data. A hold is only ever made by an admitted fan, so after a Redis restart without persistence a fan in the middle
 * of paying can still pay what they hold; everyone else joins afresh. Without such a restart the store's epoch is
 * older than every live hold and nothing changes: a token ended by a payment stays ended. Reads and holds keep the
 * plain check ({@link #validateRecent} is not widened).
 */
final class HoldProvesAdmission implements ValidateActiveTokenQuery {

    private final ValidateActiveTokenQuery tokens;
    private final LostAdmissionQuery lostAdmissions;
    private final LiveHoldQuery liveHolds;
    private final Clock clock;

    HoldProvesAdmission(ValidateActiveTokenQuery tokens, LostAdmissionQuery lostAdmissions, LiveHoldQuery liveHolds,
                        Clock clock) {
        this.tokens = tokens;
        this.lostAdmissions = lostAdmissions;
        this.liveHolds = liveHolds;
        this.clock = clock;
    }

    @Override
    public Mono<Admission> validate(String token) {
        return tokens.validate(token).onErrorResume(QueueTokenInvalidException.class, unknown -> lostAdmissions.lost(token)
                .filterWhen(lost -> liveHolds.holdsLiveSeatHeldBefore(lost.userId(), lost.concertId(), lost.storeDataSince()))
                .map(lost -> new Admission(lost.token(), lost.userId(), lost.concertId(), clock.instant()))
                .switchIfEmpty(Mono.error(unknown)));
    }

    @Override
    public Mono<Admission> validateRecent(String token) {
        return tokens.validateRecent(token);
    }
}
