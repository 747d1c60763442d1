package io.stagedoor.queue.api;

import org.springframework.http.HttpStatus;

/** 401 QUEUE_TOKEN_MISSING: a gated endpoint was called without a {@code Queue-Token} header. */
public class QueueTokenMissingException extends QueueProblem {

    public QueueTokenMissingException() {
        super(HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_MISSING", "Queue token missing",
                "This endpoint needs the Queue-Token header of an admitted queue token");
    }
}
