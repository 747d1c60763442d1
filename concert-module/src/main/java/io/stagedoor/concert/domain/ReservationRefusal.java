package io.stagedoor.concert.domain;

/** Why a reservation cannot be confirmed or cancelled by the caller. */
public enum ReservationRefusal {
    /** Someone else's reservation: to the caller it does not exist. */
    NOT_YOURS,
    /** The hold ran out (or was released) before the caller acted. */
    EXPIRED,
    /** Already confirmed (paid). */
    ALREADY_PAID
}
