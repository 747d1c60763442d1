package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;

/** 404 USER_NOT_FOUND: no user has this id. */
public class UserNotFoundException extends AccountProblem {

    private final long userId;

    public UserNotFoundException(long userId) {
        super(HttpStatus.NOT_FOUND, "USER_NOT_FOUND", "User not found", "User " + userId + " does not exist");
        this.userId = userId;
    }

    public long userId() {
        return userId;
    }
}
