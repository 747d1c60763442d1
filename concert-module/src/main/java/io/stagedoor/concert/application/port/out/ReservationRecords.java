package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.domain.Reservation;
import reactor.core.publisher.Mono;

/** Reads a reservation as stored (ownership and expiry are judged by the domain). */
public interface ReservationRecords {

    Mono<Reservation> find(long reservationId);
}
