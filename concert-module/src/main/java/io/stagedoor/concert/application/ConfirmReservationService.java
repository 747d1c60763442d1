package io.stagedoor.concert.application;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.concert.api.ConfirmReservationUseCase;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.application.port.out.ReservationRecords;
import io.stagedoor.concert.application.port.out.SeatHolds;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Confirms a live hold (payment calls this inside its own transaction, together with the debit).
 *
 * <p>The confirmation is one conditional statement. It runs on whatever transaction is bound to the subscriber's
 * Reactor context (DatabaseClient joins it), so it commits or rolls back with the caller's debit; without a caller
 * transaction the single statement is atomic by itself. It deliberately does not open a TransactionalOperator scope:
 * a refusal (expired, already paid) is the caller's to handle and must not mark the caller's transaction rollback-only.
 */
final class ConfirmReservationService implements ConfirmReservationUseCase {

    private final SeatHolds seatHolds;
    private final ReservationRecords reservations;
    private final Clock clock;

    ConfirmReservationService(SeatHolds seatHolds, ReservationRecords reservations, Clock clock) {
        this.seatHolds = Objects.requireNonNull(seatHolds);
        this.reservations = Objects.requireNonNull(reservations);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Mono<ReservationView> confirm(ReservationId reservation, UserId user) {
        long reservationId = reservation.value();
        long userId = user.value();
        return Mono.defer(() -> {
            Instant now = Now.of(clock);
            return seatHolds.confirm(reservationId, userId, now)
                    .map(confirmed -> ReservationViews.view(confirmed, now))
                    .switchIfEmpty(Mono.defer(() -> explainRefusal(reservationId, userId, now)));
        });
    }

    private Mono<ReservationView> explainRefusal(long reservationId, long userId, Instant now) {
        return reservations.find(reservationId)
                .switchIfEmpty(Mono.error(() -> new ReservationNotFoundException(reservationId)))
                .map(reservation -> {
                    throw reservation.refusalToConfirm(userId, now)
                            .map(refusal -> ReservationViews.problem(refusal, reservation))
                            .orElseGet(() -> new IllegalStateException("Reservation " + reservationId
                                    + " is a live hold but its seat is not held for it"));
                });
    }
}
