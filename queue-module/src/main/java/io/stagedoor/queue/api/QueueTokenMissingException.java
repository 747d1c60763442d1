package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 401 QUEUE_TOKEN_MISSING: a gated endpoint was called without a {@code Queue-Token} header. */
public class QueueTokenMissingException extends StagedoorProblem {

    public QueueTokenMissingException() {
        super(ProblemKind.UNAUTHORIZED, "QUEUE_TOKEN_MISSING", "Queue token missing",
                "This endpoint needs the Queue-Token header of an admitted queue token");
    }
}
