package io.stagedoor.concert.application;

import io.stagedoor.concert.api.CancelReservationUseCase;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.domain.ReservationStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Releases the caller's live hold in one conditional statement; the seat is free the moment it commits. */
final class CancelReservationService implements CancelReservationUseCase {

    private final SeatHolds seatHolds;
    private final ReservationRecords reservations;
    private final Clock clock;

    CancelReservationService(SeatHolds seatHolds, ReservationRecords reservations, Clock clock) {
        this.seatHolds = Objects.requireNonNull(seatHolds);
        this.reservations = Objects.requireNonNull(reservations);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<ReservationView> cancel(long reservationId, long userId, long admittedConcertId) {
        return Mono.defer(() -> {
            Instant now = Now.of(clock);
            return seatHolds.cancel(reservationId, userId, admittedConcertId, now)
                    .map(cancelled -> ReservationViews.view(cancelled, now))
                    .switchIfEmpty(Mono.defer(() -> explainRefusal(reservationId, userId, admittedConcertId, now)));
        });
    }

    private Mono<ReservationView> explainRefusal(long reservationId, long userId, long admittedConcertId, Instant now) {
        return reservations.find(reservationId)
                .switchIfEmpty(Mono.error(() -> new ReservationNotFoundException(reservationId)))
                .map(found -> ReservationViews.ownedAndAdmitted(found, userId, admittedConcertId))
                .map(reservation -> {
                    var refusal = reservation.refusalToCancel(userId, now);
                    if (refusal.isPresent()) {
                        throw ReservationViews.problem(refusal.get(), reservation);
                    }
                    if (reservation.status() == ReservationStatus.CANCELLED) {
                        return ReservationViews.view(reservation, now);
                    }
                    throw new IllegalStateException("Reservation " + reservationId
                            + " is a live hold but its seat is not held for it");
                });
    }
}
