package io.stagedoor.queue.api;

import org.springframework.http.HttpStatus;

/** 401 QUEUE_TOKEN_INVALID: the token is malformed, unknown, expired, revoked or abandoned. */
public class QueueTokenInvalidException extends QueueProblem {

    public QueueTokenInvalidException() {
        super(HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_INVALID", "Queue token invalid",
                "The queue token is malformed, unknown or expired; join the queue again");
    }
}
