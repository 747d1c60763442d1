package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 401 QUEUE_TOKEN_INVALID: the token is malformed, unknown, expired, revoked or abandoned. */
public class QueueTokenInvalidException extends StagedoorProblem {

    public QueueTokenInvalidException() {
        super(ProblemKind.UNAUTHORIZED, "QUEUE_TOKEN_INVALID", "Queue token invalid",
                "The queue token is malformed, unknown or expired; join the queue again");
    }
}
