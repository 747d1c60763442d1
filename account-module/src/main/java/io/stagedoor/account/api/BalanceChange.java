package io.stagedoor.account.api;

import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;

/** The result of a balance movement: the balance right after it. */
public record BalanceChange(UserId userId, Krw balanceAfter) {
}
