package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 403 QUEUE_WRONG_CONCERT: the schedule or reservation belongs to another concert than the one the queue token admits to. */
public final class WrongConcertException extends StagedoorProblem {

    public WrongConcertException(long admittedConcertId, long requestedConcertId) {
        super(ProblemKind.FORBIDDEN, "QUEUE_WRONG_CONCERT", "Wrong concert", "The queue token admits to concert " + admittedConcertId + ", not to concert " + requestedConcertId);
    }
}
