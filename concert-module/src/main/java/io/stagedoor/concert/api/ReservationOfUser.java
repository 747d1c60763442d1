package io.stagedoor.concert.api;

/** A reservation named by the user who wants to pay it (the confirmation checks that it is really theirs). */
public record ReservationOfUser(long reservationId, long userId) {

    public ReservationOfUser {
        if (reservationId <= 0 || userId <= 0) {
            throw new IllegalArgumentException("reservation and user ids are positive");
        }
    }
}
