package io.stagedoor.queue.api;

import org.springframework.http.HttpStatus;

/** 404 USER_NOT_FOUND: a token was asked for a user the account module does not know. */
public class UnknownUserException extends QueueProblem {

    public UnknownUserException(long userId) {
        super(HttpStatus.NOT_FOUND, "USER_NOT_FOUND", "User not found", "User " + userId + " does not exist");
    }
}
