package io.stagedoor.account.api;

/**
 * A top-up of {@code amount} KRW for a user, optionally under an {@code Idempotency-Key} (1..64 printable ASCII
 * characters, not blank). The amount's allowed range is configuration (the charge policy), so it is checked by the use
 * case, which answers {@link InvalidAmountException}; the user id and the key are checked here.
 */
public record ChargeCommand(long userId, long amount, String idempotencyKey) {

    public static final int MAX_KEY_LENGTH = 64;

    public ChargeCommand {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer");
        }
        if (idempotencyKey != null && !validKey(idempotencyKey)) {
            throw new IllegalArgumentException("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters and not blank");
        }
    }

    /** A charge without an Idempotency-Key. */
    public ChargeCommand(long userId, long amount) {
        this(userId, amount, null);
    }

    private static boolean validKey(String key) {
        return !key.isBlank() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
