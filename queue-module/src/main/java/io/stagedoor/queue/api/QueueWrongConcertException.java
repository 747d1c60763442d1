package io.stagedoor.queue.api;

import org.springframework.http.HttpStatus;

/** 403 QUEUE_WRONG_CONCERT: the token admits to another concert than the one the request is about. */
public class QueueWrongConcertException extends QueueProblem {

    public QueueWrongConcertException(long tokenConcertId, long requestedConcertId) {
        super(HttpStatus.FORBIDDEN, "QUEUE_WRONG_CONCERT", "Token is for another concert",
                "The queue token admits to concert " + tokenConcertId + ", not to concert " + requestedConcertId);
    }
}
