package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 404 USER_NOT_FOUND: no user has this id. */
public class UserNotFoundException extends StagedoorProblem {

    private final long userId;

    public UserNotFoundException(long userId) {
        super(ProblemKind.NOT_FOUND, "USER_NOT_FOUND", "User not found", "User " + userId + " does not exist");
        this.userId = userId;
    }

    public long userId() {
        return userId;
    }
}
