package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 403 QUEUE_WRONG_CONCERT: the token admits to another concert than the one the request is about. */
public class QueueWrongConcertException extends StagedoorProblem {

    public QueueWrongConcertException(long tokenConcertId, long requestedConcertId) {
        super(ProblemKind.FORBIDDEN, "QUEUE_WRONG_CONCERT", "Token is for another concert",
                "The queue token admits to concert " + tokenConcertId + ", not to concert " + requestedConcertId);
    }
}
