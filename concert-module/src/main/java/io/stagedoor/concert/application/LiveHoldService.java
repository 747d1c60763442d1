package io.stagedoor.concert.application;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.LiveHoldQuery;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Answers {@link LiveHoldQuery} from the stored reservations; expiry is judged by the database's clock. */
final class LiveHoldService implements LiveHoldQuery {

    private final ReservationRecords reservations;

    LiveHoldService(ReservationRecords reservations) {
        this.reservations = Objects.requireNonNull(reservations);
    }

    @Override
    public Mono<Boolean> holdsLiveSeatHeldBefore(UserId userId, ConcertId concertId, Instant heldBefore) {
        return reservations.hasLiveHold(userId.value(), concertId.value(), heldBefore);
    }
}
