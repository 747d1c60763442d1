package io.stagedoor.queue.application;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.queue.api.LostAdmissionQuery;
import io.stagedoor.queue.application.port.out.StoreEpoch;
import io.stagedoor.queue.domain.QueueToken;
import java.time.Clock;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Answers {@link LostAdmissionQuery}; the store's epoch is also marked periodically by {@link #markEpoch()}. */
final class LostAdmissionService implements LostAdmissionQuery {

    private final StoreEpoch epoch;
    private final Clock clock;

    LostAdmissionService(StoreEpoch epoch, Clock clock) {
        this.epoch = Objects.requireNonNull(epoch);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<LostToken> lost(String rawToken) {
        return Mono.justOrEmpty(QueueToken.parse(rawToken))
                .flatMap(token -> epoch.markedSince(clock.instant())
                        .map(since -> new LostToken(token.value(), UserId.of(token.userId()), ConcertId.of(token.concertId()), since)));
    }

    /**
     * Marks the store's epoch if it is missing; run every few seconds on every instance, so that after a restart
     * that lost the data the new epoch is about the moment of the restart. Emits 1.
     */
    public Mono<Integer> markEpoch() {
        return epoch.markedSince(clock.instant()).thenReturn(1);
    }
}
