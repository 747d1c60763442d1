package io.stagedoor.account.api;

import java.util.Objects;

/** A sign-in attempt: the user id and the password typed. */
public record SignInCommand(long userId, Password password) {

    public SignInCommand {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        Objects.requireNonNull(password, "password");
    }
}
