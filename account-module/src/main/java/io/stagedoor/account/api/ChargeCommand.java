package io.stagedoor.account.api;

/**
 * A top-up of {@code amount} KRW for a user. The amount's allowed range is configuration (the charge policy), so it is
 * checked by the use case, which answers {@link InvalidAmountException}; only the user id is checked here.
 */
public record ChargeCommand(long userId, long amount) {

    public ChargeCommand {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
    }
}
