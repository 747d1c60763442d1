package io.stagedoor.account.api;

/** The result of a balance movement: the balance right after it. */
public record BalanceChange(long userId, long balanceAfter) {
}
