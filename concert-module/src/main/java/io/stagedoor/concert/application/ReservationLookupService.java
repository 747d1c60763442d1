package io.stagedoor.concert.application;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.GetReservationQuery;
import io.stagedoor.concert.api.LoadReservationQuery;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import java.time.Clock;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Reads a user's own reservation (for the client through its queue token, and for payment). */
final class ReservationLookupService implements GetReservationQuery, LoadReservationQuery {

    private final ReservationRecords reservations;
    private final Clock clock;

    ReservationLookupService(ReservationRecords reservations, Clock clock) {
        this.reservations = Objects.requireNonNull(reservations);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<ReservationView> get(long reservationId, long userId, long admittedConcertId) {
        return reservations.find(reservationId)
                .switchIfEmpty(Mono.error(() -> new ReservationNotFoundException(reservationId)))
                .map(found -> ReservationViews.view(
                        ReservationViews.ownedAndAdmitted(found, userId, admittedConcertId), Now.of(clock)));
    }

    @Override
    public Mono<ReservationView> load(ReservationId reservation, UserId user) {
        long reservationId = reservation.value();
        long userId = user.value();
        return reservations.find(reservationId)
                .filter(found -> found.isOwnedBy(userId))
                .switchIfEmpty(Mono.error(() -> new ReservationNotFoundException(reservationId)))
                .map(found -> ReservationViews.view(found, Now.of(clock)));
    }
}
