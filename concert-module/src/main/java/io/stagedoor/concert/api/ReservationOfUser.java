package io.stagedoor.concert.api;

import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import java.util.Objects;

/** A reservation named by the user who wants to pay it (the confirmation checks that it is really theirs). */
public record ReservationOfUser(ReservationId reservationId, UserId userId) {

    public ReservationOfUser {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(userId, "userId");
    }
}
