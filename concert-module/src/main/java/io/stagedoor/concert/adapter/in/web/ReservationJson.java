package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.concert.api.ReservationView;
import java.time.Instant;

/**
 * A reservation as the JSON body clients read: the ids and the price as plain numbers and the status by name, in the
 * order the contract lists them. The api's typed view stays free of any wire mapping.
 */
record ReservationJson(long reservationId, long userId, long concertId, long scheduleId, int seatNumber, long price,
                       String status, Instant expiresAt) {

    static ReservationJson of(ReservationView view) {
        return new ReservationJson(view.reservationId().value(), view.userId().value(), view.concertId().value(),
                view.scheduleId().value(), view.seatNumber(), view.price().value(), view.status().name(),
                view.expiresAt());
    }
}
