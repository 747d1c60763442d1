package io.stagedoor.concert.api;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import reactor.core.publisher.Mono;

/** Loads a user's own reservation; anyone else's is {@link ReservationNotFoundException}. */
public interface LoadReservationQuery {

    Mono<ReservationView> load(ReservationId reservationId, UserId userId);
}
