package io.stagedoor.queue.api;

import org.springframework.http.HttpStatus;

/** 404 CONCERT_NOT_FOUND: a waiting room was asked for a concert the concert module does not know. */
public class UnknownConcertException extends QueueProblem {

    public UnknownConcertException(long concertId) {
        super(HttpStatus.NOT_FOUND, "CONCERT_NOT_FOUND", "Concert not found", "Concert " + concertId + " does not exist");
    }
}
