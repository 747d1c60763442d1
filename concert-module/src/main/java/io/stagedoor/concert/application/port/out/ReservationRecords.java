package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Reads a reservation as stored (ownership and expiry are judged by the domain). */
public interface ReservationRecords {

    Mono<Reservation> find(long reservationId);

    /** Whether the user has a HELD reservation of the concert, unexpired now, created before {@code heldBefore}. */
    Mono<Boolean> hasLiveHold(long userId, long concertId, Instant heldBefore);
}
