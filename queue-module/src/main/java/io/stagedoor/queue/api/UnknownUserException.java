package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 USER_NOT_FOUND: a token was asked for a user the account module does not know. */
public class UnknownUserException extends StagedoorProblem {

    public UnknownUserException(long userId) {
        super(ProblemKind.NOT_FOUND, "USER_NOT_FOUND", "User not found", "User " + userId + " does not exist");
    }
}
