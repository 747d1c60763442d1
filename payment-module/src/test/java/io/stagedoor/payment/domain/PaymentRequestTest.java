package io.stagedoor.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaymentRequestTest {

    @Test
    void canonicalFormNamesTheOperationAndEveryParameter() {
        assertThat(new PaymentRequest(91).canonical()).isEqualTo("POST /payments\nreservationId=91");
    }

    @Test
    void differentReservationsHaveDifferentCanonicalForms() {
        assertThat(new PaymentRequest(1).canonical()).isNotEqualTo(new PaymentRequest(11).canonical());
    }

    @Test
    void checkoutIsASetSoItsOrderDoesNotChangeItsCanonicalForm() {
        assertThat(PaymentRequest.checkout(java.util.List.of(92L, 91L)).canonical())
                .isEqualTo("POST /payments\nreservationIds=91,92")
                .isEqualTo(PaymentRequest.checkout(java.util.List.of(91L, 92L)).canonical());
    }

    @Test
    void checkoutOfOneReservationIsNotTheOneReservationForm() {
        assertThat(PaymentRequest.checkout(java.util.List.of(91L)).canonical()).isNotEqualTo(new PaymentRequest(91).canonical());
    }

    @Test
    void reservationIdIsPositive() {
        assertThatThrownBy(() -> new PaymentRequest(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reservationId");
    }

    @Test
    void fingerprintIsSixtyFourLowerCaseHexDigits() {
        assertThatThrownBy(() -> new RequestFingerprint("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestFingerprint("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RequestFingerprint("0".repeat(64)).matches(new RequestFingerprint("0".repeat(64)))).isTrue();
        assertThat(new RequestFingerprint("0".repeat(64)).matches(new RequestFingerprint("1".repeat(64)))).isFalse();
    }
}
