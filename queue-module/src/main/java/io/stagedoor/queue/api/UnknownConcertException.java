package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 CONCERT_NOT_FOUND: a waiting room was asked for a concert the concert module does not know. */
public class UnknownConcertException extends StagedoorProblem {

    public UnknownConcertException(long concertId) {
        super(ProblemKind.NOT_FOUND, "CONCERT_NOT_FOUND", "Concert not found", "Concert " + concertId + " does not exist");
    }
}
