package io.stagedoor.payment.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.payment.application.port.out.PaymentRecords.Recording;
import io.stagedoor.payment.domain.IdempotencyKey;
import io.stagedoor.payment.domain.IdempotencyRecord;
import io.stagedoor.payment.domain.IdempotencyState;
import io.stagedoor.payment.domain.Payment;
import io.stagedoor.payment.domain.PaymentOutcome;
import io.stagedoor.payment.domain.RequestFingerprint;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class R2dbcPaymentRecordsTest {

    private static final Instant T0 = Instant.parse("2026-12-24T10:00:00.123Z");
    private static final RequestFingerprint FINGERPRINT = new RequestFingerprint("c".repeat(64));

    private static TestDatabase database;
    private static R2dbcPaymentRecords records;
    private static R2dbcIdempotencyKeys keys;

    @BeforeAll
    static void database() {
        database = TestDatabase.create("payment");
        records = new R2dbcPaymentRecords(database.databaseClient());
        keys = new R2dbcIdempotencyKeys(database.databaseClient());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void empty() {
        database.execute("ALTER TABLE payment.payment_history DISABLE TRIGGER payment_history_append_only;"
                + "DELETE FROM payment.payment_history; DELETE FROM payment.payments; DELETE FROM payment.idempotency_keys;"
                + "ALTER TABLE payment.payment_history ENABLE TRIGGER payment_history_append_only");
    }

    private static PaymentOutcome.Paid paid(long reservationId, long userId, long amount, Instant at) {
        return new PaymentOutcome.Paid(Payment.completed(records.nextPaymentId().block(), reservationId, userId, amount, at), 70_000);
    }

    @Test
    void paymentIsRecordedWithItsHistoryEventInOneStatement() {
        PaymentOutcome.Paid paid = paid(92, 42, 130_000, T0);

        assertThat(records.record(paid, null, 0).block()).isEqualTo(Recording.RECORDED);

        long id = paid.payment().id();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE id = " + id
                + " AND reservation_id = 92 AND user_id = 42 AND amount = 130000 AND status = 'COMPLETED'"
                + " AND paid_at = '" + T0 + "'")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history WHERE payment_id = " + id
                + " AND event = 'COMPLETED' AND amount = 130000 AND reference = 'payment:" + id + "'"
                + " AND occurred_at = '" + T0 + "'")).isEqualTo(1);
    }

    @Test
    void secondPaymentOfOneReservationWritesNeitherPaymentNorHistoryNorKey() {
        PaymentOutcome.Paid first = paid(91, 42, 130_000, T0);
        PaymentOutcome.Paid second = paid(91, 43, 130_000, T0);
        IdempotencyKey key = IdempotencyKey.of("twin");
        int attempt = keys.claim(43, key, FINGERPRINT, T0).block().attempt();

        assertThat(records.record(first, null, 0).block()).isEqualTo(Recording.RECORDED);
        assertThat(records.record(second, key, attempt).block()).isEqualTo(Recording.RESERVATION_ALREADY_PAID);

        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = 91")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT user_id FROM payment.payments WHERE reservation_id = 91")).isEqualTo(42);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history")).isEqualTo(1);
        assertThat(keys.find(43, key).block().state()).isEqualTo(IdempotencyState.IN_PROGRESS);
    }

    @Test
    void paidOutcomeIsStoredUnderTheKeyWithThePaymentExactlyAsItMustBeReplayed() {
        IdempotencyKey key = IdempotencyKey.of("order-17");
        int attempt = keys.claim(42, key, FINGERPRINT, T0).block().attempt();
        PaymentOutcome.Paid paid = paid(91, 42, 130_000, T0.plusSeconds(1));

        assertThat(records.record(paid, key, attempt).block()).isEqualTo(Recording.RECORDED);

        IdempotencyRecord stored = keys.find(42, key).block();
        assertThat(stored.state()).isEqualTo(IdempotencyState.COMPLETED);
        assertThat(stored.outcome()).isEqualTo(paid);
        assertThat(database.queryForLong("SELECT response_status FROM payment.idempotency_keys")).isEqualTo(201);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE id = " + paid.payment().id())).isEqualTo(1);
    }

    @Test
    void attemptThatDoesNotOwnTheClaimIsToldSo() {
        IdempotencyKey key = IdempotencyKey.of("taken-over");
        int attempt = keys.claim(42, key, FINGERPRINT, T0).block().attempt();

        assertThat(records.record(paid(91, 42, 130_000, T0), key, attempt + 1).block()).isEqualTo(Recording.KEY_NOT_OWNED);
        assertThat(keys.find(42, key).block().state()).isEqualTo(IdempotencyState.IN_PROGRESS);
    }

    @Test
    void reservedIdsAreDistinct() {
        assertThat(records.nextPaymentId().block()).isNotEqualTo(records.nextPaymentId().block());
    }

    @Test
    void historyOnlyGrows() {
        records.record(paid(92, 42, 130_000, T0), null, 0).block();

        assertThatThrownBy(() -> database.execute("UPDATE payment.payment_history SET amount = 1"))
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> database.execute("DELETE FROM payment.payment_history"))
                .hasStackTraceContaining("append-only");
    }

    @Test
    void userPaymentsComeNewestFirstWithTheirOwnValues() {
        PaymentOutcome.Paid older = paid(101, 42, 100_000, T0);
        PaymentOutcome.Paid newer = paid(102, 42, 120_000, T0.plusSeconds(60));
        PaymentOutcome.Paid someoneElses = paid(103, 43, 90_000, T0.plusSeconds(30));
        List.of(newer, someoneElses, older).forEach(payment -> records.record(payment, null, 0).block());

        assertThat(records.ofUser(42, null, 10).collectList().block()).containsExactly(newer.payment(), older.payment());
        assertThat(records.ofUser(44, null, 10).collectList().block()).isEmpty();
    }

    @Test
    void userPaymentsArePagedByCursorWithoutGapsOrRepeatsAndAStrangersCursorPagesNothing() {
        List<PaymentOutcome.Paid> made = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two share a paid-at instant: the id breaks the tie
            made.add(paid(200 + i, 77, 1_000 + i, T0.plusSeconds(i == 3 ? 2 : i)));
        }
        made.forEach(payment -> records.record(payment, null, 0).block());
        PaymentOutcome.Paid strangers = paid(300, 78, 1_000, T0);
        records.record(strangers, null, 0).block();

        List<Long> seen = new java.util.ArrayList<>();
        Long cursor = null;
        for (int page = 0; page < 10; page++) {
            List<io.stagedoor.payment.domain.Payment> got = records.ofUser(77, cursor, 3).collectList().block();
            got.forEach(payment -> seen.add(payment.id()));
            if (got.size() < 3) {
                break;
            }
            cursor = got.get(got.size() - 1).id();
        }

        assertThat(seen).hasSize(7).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(made.stream().map(p -> p.payment().id()).toList());
        assertThat(records.ofUser(77, strangers.payment().id(), 3).collectList().block()).isEmpty();
    }
}
