package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 404 CONCERT_NOT_FOUND: no concert with this id. */
public final class ConcertNotFoundException extends ConcertProblem {

    public ConcertNotFoundException(long concertId) {
        super(HttpStatus.NOT_FOUND, "CONCERT_NOT_FOUND", "Concert not found", "Concert " + concertId + " does not exist");
    }
}
