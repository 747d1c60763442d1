package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 CONCERT_NOT_FOUND: no concert with this id. */
public final class ConcertNotFoundException extends StagedoorProblem {

    public ConcertNotFoundException(long concertId) {
        super(ProblemKind.NOT_FOUND, "CONCERT_NOT_FOUND", "Concert not found", "Concert " + concertId + " does not exist");
    }
}
