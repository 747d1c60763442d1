package io.stagedoor.concert.application;

import io.stagedoor.concert.api.ReservationAlreadyPaidException;
import io.stagedoor.concert.api.ReservationExpiredException;
import io.stagedoor.concert.api.ReservationNotFoundException;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.WrongConcertException;
import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.ReservationRefusal;
import io.stagedoor.concert.domain.ReservationStatus;
import java.time.Instant;

/** Turns domain reservations and refusals into the api's view and problems. */
final class ReservationViews {

    private ReservationViews() {
    }

    /** The view at {@code now}: a HELD reservation whose hold ran out shows EXPIRED. */
    static ReservationView view(Reservation reservation, Instant now) {
        return new ReservationView(reservation.id(), reservation.userId(), reservation.concertId(),
                reservation.scheduleId(), reservation.seatNumber(), reservation.price(),
                reservation.statusAt(now).name(), reservation.expiresAt());
    }

    static RuntimeException problem(ReservationRefusal refusal, Reservation reservation) {
        return switch (refusal) {
            case NOT_YOURS -> new ReservationNotFoundException(reservation.id());
            case ALREADY_PAID -> new ReservationAlreadyPaidException(reservation.id());
            case EXPIRED -> new ReservationExpiredException(reservation.id(),
                    reservation.status() == ReservationStatus.CANCELLED
                            ? "was cancelled"
                            : "ran out at " + reservation.expiresAt());
        };
    }

    /** The caller's own reservation seen through a token for {@code admittedConcertId}; anyone else's does not exist. */
    static Reservation ownedAndAdmitted(Reservation reservation, long userId, long admittedConcertId) {
        if (!reservation.isOwnedBy(userId)) {
            throw new ReservationNotFoundException(reservation.id());
        }
        if (reservation.concertId() != admittedConcertId) {
            throw new WrongConcertException(admittedConcertId, reservation.concertId());
        }
        return reservation;
    }
}
