package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 409 HOLD_LIMIT_REACHED: the fan already holds the most live holds allowed for this concert. */
public final class HoldLimitReachedException extends ConcertProblem {

    public HoldLimitReachedException(long concertId) {
        super(HttpStatus.CONFLICT, "HOLD_LIMIT_REACHED", "Hold limit reached",
                "You already hold the most seats allowed for concert " + concertId
                        + "; pay or cancel a hold, or wait until one runs out");
    }
}
