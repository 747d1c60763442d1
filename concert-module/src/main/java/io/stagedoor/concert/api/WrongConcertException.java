package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;

/** 403 QUEUE_WRONG_CONCERT: the schedule or reservation belongs to another concert than the one the queue token admits to. */
public final class WrongConcertException extends ConcertProblem {

    public WrongConcertException(long admittedConcertId, long requestedConcertId) {
        super(HttpStatus.FORBIDDEN, "QUEUE_WRONG_CONCERT", "Wrong concert", "The queue token admits to concert " + admittedConcertId + ", not to concert " + requestedConcertId);
    }
}
