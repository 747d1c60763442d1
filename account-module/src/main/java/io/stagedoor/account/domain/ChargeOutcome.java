package io.stagedoor.account.domain;

import java.util.Objects;

/**
 * The answer a charge got, as stored under its Idempotency-Key: 200 with the balance after it, or a definitive refusal
 * (status, code, title, detail) exactly as the client saw it.
 */
public record ChargeOutcome(int status, Long balanceAfter, String code, String title, String detail) {

    public static final int CHARGED = 200;

    public ChargeOutcome {
        if (status == CHARGED) {
            Objects.requireNonNull(balanceAfter, "balanceAfter of a charge");
        } else {
            Objects.requireNonNull(code, "code of a refusal");
            Objects.requireNonNull(title, "title of a refusal");
            Objects.requireNonNull(detail, "detail of a refusal");
        }
    }

    public static ChargeOutcome charged(long balanceAfter) {
        return new ChargeOutcome(CHARGED, balanceAfter, null, null, null);
    }

    public static ChargeOutcome refused(int status, String code, String title, String detail) {
        if (status == CHARGED) {
            throw new IllegalArgumentException("a refusal cannot have status " + CHARGED);
        }
        return new ChargeOutcome(status, null, code, title, detail);
    }

    public boolean isCharge() {
        return status == CHARGED;
    }
}
