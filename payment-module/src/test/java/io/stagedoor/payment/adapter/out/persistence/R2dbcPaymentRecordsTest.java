package io.stagedoor.payment.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.payment.domain.Payment;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class R2dbcPaymentRecordsTest {

    private static final Instant T0 = Instant.parse("2026-12-24T10:00:00.123Z");

    private static TestDatabase database;
    private static R2dbcPaymentRecords records;

    @BeforeAll
    static void database() {
        database = TestDatabase.create("payment");
        records = new R2dbcPaymentRecords(database.databaseClient());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("ALTER TABLE payment.payment_history DISABLE TRIGGER payment_history_append_only;"
                + "DELETE FROM payment.payment_history; DELETE FROM payment.payments;"
                + "ALTER TABLE payment.payment_history ENABLE TRIGGER payment_history_append_only");
    }

    @Test
    void secondPaymentOfOneReservationIsNotRecorded() {
        Payment first = Payment.completed(records.nextPaymentId().block(), 91, 42, 130_000, T0);
        Payment second = Payment.completed(records.nextPaymentId().block(), 91, 43, 130_000, T0);

        assertThat(records.record(first).block()).isTrue();
        assertThat(records.record(second).block()).isFalse();

        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = 91")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT user_id FROM payment.payments WHERE reservation_id = 91")).isEqualTo(42);
    }

    @Test
    void reservedIdsAreDistinctAndUsedAsGiven() {
        long a = records.nextPaymentId().block();
        long b = records.nextPaymentId().block();
        assertThat(b).isNotEqualTo(a);
        records.record(Payment.completed(b, 5, 42, 1_000, T0)).block();
        assertThat(database.queryForLong("SELECT id FROM payment.payments WHERE reservation_id = 5")).isEqualTo(b);
    }

    @Test
    void historyOnlyGrows() {
        Payment payment = Payment.completed(records.nextPaymentId().block(), 92, 42, 130_000, T0);
        records.record(payment).block();
        records.append(payment.completedEvent()).block();

        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history WHERE payment_id = " + payment.id()
                + " AND event = 'COMPLETED' AND amount = 130000 AND reference = 'payment:" + payment.id() + "'")).isEqualTo(1);
        assertThatThrownBy(() -> database.execute("UPDATE payment.payment_history SET amount = 1"))
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> database.execute("DELETE FROM payment.payment_history"))
                .hasStackTraceContaining("append-only");
    }

    @Test
    void userPaymentsComeNewestFirstWithTheirOwnValues() {
        Payment older = Payment.completed(records.nextPaymentId().block(), 101, 42, 100_000, T0);
        Payment newer = Payment.completed(records.nextPaymentId().block(), 102, 42, 120_000, T0.plusSeconds(60));
        Payment someoneElses = Payment.completed(records.nextPaymentId().block(), 103, 43, 90_000, T0.plusSeconds(30));
        List.of(newer, someoneElses, older).forEach(payment -> records.record(payment).block());

        assertThat(records.ofUser(42).collectList().block()).containsExactly(newer, older);
        assertThat(records.ofUser(44).collectList().block()).isEmpty();
    }
}
