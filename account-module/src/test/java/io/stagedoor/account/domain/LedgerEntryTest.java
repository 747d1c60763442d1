package io.stagedoor.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {

    private static final Instant AT = Instant.parse("2026-12-24T10:00:00Z");

    @Test
    void chargesAndRefundsAddWhilePaymentsSubtract() {
        assertThat(new LedgerEntry(EntryType.CHARGE, 500, 500, "charge", AT).signedAmount()).isEqualTo(500);
        assertThat(new LedgerEntry(EntryType.REFUND, 300, 800, "refund:1", AT).signedAmount()).isEqualTo(300);
        assertThat(new LedgerEntry(EntryType.PAYMENT, 700, 100, "payment:1", AT).signedAmount()).isEqualTo(-700);
        assertThat(EntryType.CHARGE.isCredit()).isTrue();
        assertThat(EntryType.REFUND.isCredit()).isTrue();
        assertThat(EntryType.PAYMENT.isCredit()).isFalse();
    }

    @Test
    void entryMovesAPositiveAmountAndNeverLeavesANegativeBalance() {
        assertThatThrownBy(() -> new LedgerEntry(EntryType.CHARGE, 0, 0, "charge", AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerEntry(EntryType.PAYMENT, 10, -1, "payment:1", AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void referenceMustSaySomethingAndFitItsColumn() {
        assertThatThrownBy(() -> new LedgerEntry(EntryType.PAYMENT, 10, 0, " ", AT))
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> new LedgerEntry(EntryType.PAYMENT, 10, 0, null, AT))
                .hasMessageContaining("blank");
        String longest = "r".repeat(LedgerEntry.MAX_REFERENCE_LENGTH);
        assertThat(new LedgerEntry(EntryType.PAYMENT, 10, 0, longest, AT).reference()).isEqualTo(longest);
        assertThatThrownBy(() -> new LedgerEntry(EntryType.PAYMENT, 10, 0, longest + "r", AT))
                .hasMessageContaining("at most");
    }
}
