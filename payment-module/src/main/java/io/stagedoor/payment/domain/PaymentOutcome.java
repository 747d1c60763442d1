package io.stagedoor.payment.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * A checkout of several holds paid: one payment per reservation (in the order the client named them), all debited
     * in the same transaction, their total, and the balance right after the last debit. Exactly what its answer shows.
     */
    record CheckoutPaid(List<Long> paymentIds, List<Long> reservationIds, long userId, long amount, PaymentStatus paymentStatus,
                        Instant paidAt, long balanceAfter) implements PaymentOutcome {

        public CheckoutPaid {
            paymentIds = List.copyOf(paymentIds);
            reservationIds = List.copyOf(reservationIds);
            if (paymentIds.isEmpty() || paymentIds.size() != reservationIds.size()) {
                throw new IllegalArgumentException("a checkout pays at least one reservation, each with its own payment");
            }
            if (balanceAfter < 0) {
                throw new IllegalArgumentException("a balance never goes below zero");
            }
            Objects.requireNonNull(paymentStatus, "paymentStatus");
            Objects.requireNonNull(paidAt, "paidAt");
        }

        /** The checkout of these payments (all of one user, paid at one instant), with the balance after the last. */
        public static CheckoutPaid of(List<Payment> payments, long balanceAfter) {
            Payment first = payments.get(0);
            return new CheckoutPaid(payments.stream().map(Payment::id).toList(),
                    payments.stream().map(Payment::reservationId).toList(), first.userId(),
                    payments.stream().mapToLong(Payment::amount).sum(), first.status(), first.paidAt(), balanceAfter);
        }

        @Override
        public int status() {
            return Paid.STATUS;
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
