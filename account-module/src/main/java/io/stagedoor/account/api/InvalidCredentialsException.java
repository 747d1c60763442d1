package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** 401 INVALID_CREDENTIALS: the same answer whether the user or the password was wrong. */
public class InvalidCredentialsException extends AccountProblem {

    public InvalidCredentialsException() {
        super(HttpStatus.UNAUTHORIZED, "INVALID_CREDENTIALS", "Invalid credentials",
                "The user id or the password is wrong");
    }
}
