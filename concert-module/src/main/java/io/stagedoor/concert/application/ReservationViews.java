package io.stagedoor.concert.application;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.ScheduleId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
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
        return new ReservationView(ReservationId.of(reservation.id()), UserId.of(reservation.userId()),
                ConcertId.of(reservation.concertId()), ScheduleId.of(reservation.scheduleId()), reservation.seatNumber(),
                Krw.of(reservation.price()), apiStatus(reservation.statusAt(now)), reservation.expiresAt());
    }

    /** The same four states; a switch, so a new domain state cannot slip out unnamed. */
    static io.stagedoor.concert.api.ReservationStatus apiStatus(ReservationStatus status) {
        return switch (status) {
            case HELD -> io.stagedoor.concert.api.ReservationStatus.HELD;
            case CONFIRMED -> io.stagedoor.concert.api.ReservationStatus.CONFIRMED;
            case EXPIRED -> io.stagedoor.concert.api.ReservationStatus.EXPIRED;
            case CANCELLED -> io.stagedoor.concert.api.ReservationStatus.CANCELLED;
        };
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
