package io.stagedoor.concert.domain;

/** Why a hold was not taken, in the order the caller should hear about it. */
public enum HoldRefusal {
    SCHEDULE_NOT_FOUND,
    WRONG_CONCERT,
    SEAT_NOT_FOUND,
    SEAT_UNAVAILABLE
}
