package io.stagedoor.account.api;

/** A user just registered. */
public record NewUser(long userId, String name) {
}
