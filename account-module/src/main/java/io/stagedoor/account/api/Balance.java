package io.stagedoor.account.api;

/** A user's balance in KRW. */
public record Balance(long userId, long balance) {
}
