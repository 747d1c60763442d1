package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 403 FORBIDDEN: the body names a user other than the signed-in one. Nothing was done. */
final class ActingForAnotherUserException extends StagedoorProblem {

    ActingForAnotherUserException(long namedUserId) {
        super(ProblemKind.FORBIDDEN, "FORBIDDEN", "Forbidden",
                "The request names user " + namedUserId + ", who is not the signed-in user");
    }
}
