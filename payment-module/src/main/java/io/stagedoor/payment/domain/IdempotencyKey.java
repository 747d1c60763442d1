package io.stagedoor.payment.domain;

/**
 * A client-chosen Idempotency-Key: 1 to 64 printable ASCII characters (space to tilde), not blank. Keys are scoped to
 * the user who sends them, so two users may pick the same string without meeting.
 */
public record IdempotencyKey(String value) {

    public static final int MAX_LENGTH = 64;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.isBlank()) {
            throw new IllegalArgumentException("Idempotency-Key must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("Idempotency-Key must be 1 to " + MAX_LENGTH
                        + " printable ASCII characters (found a character outside space..~ at position " + (i + 1) + ")");
            }
        }
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
