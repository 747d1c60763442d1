package io.stagedoor.concert.application;

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
    public Mono<Boolean> holdsLiveSeatHeldBefore(long userId, long concertId, Instant heldBefore) {
        return reservations.hasLiveHold(userId, concertId, heldBefore);
    }
}
