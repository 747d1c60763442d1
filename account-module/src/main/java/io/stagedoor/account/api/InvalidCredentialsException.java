package io.stagedoor.account.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 401 INVALID_CREDENTIALS: the same answer whether the user or the password was wrong. */
public class InvalidCredentialsException extends StagedoorProblem {

    public InvalidCredentialsException() {
        super(ProblemKind.UNAUTHORIZED, "INVALID_CREDENTIALS", "Invalid credentials",
                "The user id or the password is wrong");
    }
}
