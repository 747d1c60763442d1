package io.stagedoor.payment.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** How a payment request ended, as far as it is stored under an Idempotency-Key for replay. */
public sealed interface PaymentOutcome {

    /** The HTTP status the first answer had (201 when paid). */
    int status();

    /** Paid: the payment and the balance right after its debit. */
    record Paid(Payment payment, long balanceAfter) implements PaymentOutcome {

        public static final int STATUS = 201;

        public Paid {
            Objects.requireNonNull(payment, "payment");
            if (balanceAfter < 0) {
                throw new IllegalArgumentException("a balance never goes below zero");
            }
        }

        @Override
        public int status() {
            return STATUS;
        }
    }

    /** Refused with a problem (status, code, title, detail and any extra properties such as a position). */
    record Refused(int status, String code, String title, String detail, Map<String, Object> properties)
            implements PaymentOutcome {

        public Refused {
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("only client-error refusals are stored, not " + status);
            }
            Objects.requireNonNull(code, "code");
            properties = properties == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(properties));
        }
    }
}
