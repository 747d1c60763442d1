package io.stagedoor.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final Instant PAID_AT = Instant.parse("2026-12-24T10:00:00Z");

    @Test
    void completedPaymentNamesItselfInTheLedgerAndInItsHistory() {
        Payment payment = Payment.completed(17, 91, 42, 130_000, PAID_AT);
        assertThat(payment.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(payment.ledgerReference()).isEqualTo("payment:17");
        assertThat(payment.completedEvent())
                .isEqualTo(new PaymentEvent(17, PaymentEventType.COMPLETED, 130_000, "payment:17", PAID_AT));
    }

    @Test
    void paymentMovesAPositiveAmountBetweenKnownIds() {
        assertThatThrownBy(() -> Payment.completed(17, 91, 42, 0, PAID_AT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payment.completed(0, 91, 42, 1, PAID_AT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payment.completed(17, 0, 42, 1, PAID_AT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyClientErrorRefusalsAreOutcomes() {
        assertThatThrownBy(() -> new PaymentOutcome.Refused(500, "INTERNAL_ERROR", "x", "y", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PaymentOutcome.Refused(409, "RESERVATION_EXPIRED", "x", "y", null).properties()).isEmpty();
    }

    @Test
    void paidOutcomeNeverShowsANegativeBalance() {
        assertThatThrownBy(() -> new PaymentOutcome.Paid(Payment.completed(17, 91, 42, 1, PAID_AT), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
