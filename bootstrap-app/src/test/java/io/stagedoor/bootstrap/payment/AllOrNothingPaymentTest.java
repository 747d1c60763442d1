package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/architecture.md invariant 5 through HTTP: a payment that fails — injected after the debit, someone else's reservation,
 * too little balance — changes nothing in any module's tables.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S"})
@Import(PaymentTestHooks.class)
class AllOrNothingPaymentTest extends StagedoorAppTest {

    private PaymentJourney journey;
    private PaymentJourney.Concert concert;

    @BeforeEach
    void journey() {
        PaymentTestHooks.reset();
        journey = new PaymentJourney(client);
        concert = journey.createConcert("All or nothing");
    }

    @Test
    void failureAfterTheDebitRollsBackBalanceLedgerReservationAndSeat() {
        long userId = journey.createUser("unlucky");
        journey.charge(userId, 200_000);
        String token = journey.activeToken(userId, concert.concertId());
        long reservationId = journey.heldReservation(token, concert.firstSchedule(), 11);
        Snapshot before = snapshot(userId, reservationId);
        PaymentTestHooks.failAfterDebit.set(true);

        Answer failed = journey.pay(token, reservationId, "fails-after-debit");

        assertThat(failed.status()).as(failed.body()).isEqualTo(500);
        assertThat(failed.json().get("code").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(snapshot(userId, reservationId)).isEqualTo(before);
        assertThat(before.balance()).isEqualTo(200_000);
        assertThat(before.reservationStatus()).isEqualTo("HELD");
        assertThat(before.seatStatus()).isEqualTo("HELD");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE user_id = " + userId))
                .as("an unexpected failure is not stored: the key is released").isZero();
        assertThat(PaymentTestHooks.expiryRequests).isEmpty();
        assertThat(journey.status(token).status()).as("the token still admits").isEqualTo(200);

        PaymentTestHooks.failAfterDebit.set(false);
        Answer retried = journey.pay(token, reservationId, "fails-after-debit");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().get("balance").asLong()).isEqualTo(200_000 - PaymentJourney.PRICE);
        assertThat(snapshot(userId, reservationId).payments()).isEqualTo(1);
    }

    @Test
    void payingSomeoneElsesReservationIsNotFoundAndChangesNothing() {
        long owner = journey.createUser("owner");
        long intruder = journey.createUser("intruder");
        journey.charge(owner, 200_000);
        journey.charge(intruder, 200_000);
        String ownerToken = journey.activeToken(owner, concert.concertId());
        String intruderToken = journey.activeToken(intruder, concert.concertId());
        long reservationId = journey.heldReservation(ownerToken, concert.firstSchedule(), 12);
        Snapshot ownerBefore = snapshot(owner, reservationId);
        Snapshot intruderBefore = snapshot(intruder, reservationId);

        Answer refused = journey.pay(intruderToken, reservationId, "not-mine");

        assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        assertThat(refused.json().get("code").asString()).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(snapshot(owner, reservationId)).isEqualTo(ownerBefore);
        assertThat(snapshot(intruder, reservationId)).isEqualTo(intruderBefore);
        assertThat(ownerBefore.reservationStatus()).isEqualTo("HELD");
        assertThat(ownerBefore.payments()).isZero();
        assertThat(journey.status(intruderToken).status()).isEqualTo(200);
    }

    @Test
    void tooLittleBalanceIsInsufficientChangesNothingAndIsReplayedForTheSameKey() {
        long userId = journey.createUser("short of money");
        journey.charge(userId, PaymentJourney.PRICE - 1);
        String token = journey.activeToken(userId, concert.concertId());
        long reservationId = journey.heldReservation(token, concert.firstSchedule(), 13);
        Snapshot before = snapshot(userId, reservationId);

        Answer refused = journey.pay(token, reservationId, "poor");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(snapshot(userId, reservationId)).isEqualTo(before);
        assertThat(before.balance()).isEqualTo(PaymentJourney.PRICE - 1);
        assertThat(before.reservationStatus()).isEqualTo("HELD");
        assertThat(before.seatStatus()).isEqualTo("HELD");

        journey.charge(userId, 10);
        Answer replayed = journey.pay(token, reservationId, "poor");
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.bodyWithoutRequestId()).as("the stored refusal, byte for byte")
                .isEqualTo(refused.bodyWithoutRequestId());
        assertThat(snapshot(userId, reservationId).payments()).isZero();

        Answer paid = journey.pay(token, reservationId, "poor-then-charged");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(paid.json().get("balance").asLong()).isEqualTo(9);
    }

    /** Everything a payment would touch, read straight from the tables of all three modules. */
    record Snapshot(long balance, long ledgerEntries, long paymentEntries, String reservationStatus, String seatStatus,
                    long payments, long history) {
    }

    private Snapshot snapshot(long userId, long reservationId) {
        return new Snapshot(
                database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId),
                database.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = " + userId),
                database.queryForLong("SELECT count(*) FROM account.ledger WHERE type = 'PAYMENT' AND user_id = " + userId),
                status("SELECT CASE status WHEN 'HELD' THEN 1 WHEN 'CONFIRMED' THEN 2 WHEN 'EXPIRED' THEN 3 ELSE 4 END"
                        + " FROM concert.reservations WHERE id = " + reservationId, "HELD", "CONFIRMED", "EXPIRED", "CANCELLED"),
                status("SELECT CASE s.status WHEN 'AVAILABLE' THEN 1 WHEN 'HELD' THEN 2 ELSE 3 END FROM concert.seats s"
                        + " JOIN concert.reservations r ON r.schedule_id = s.schedule_id AND r.seat_number = s.seat_number"
                        + " WHERE r.id = " + reservationId, "AVAILABLE", "HELD", "SOLD"),
                database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + reservationId),
                database.queryForLong("SELECT count(*) FROM payment.payment_history h JOIN payment.payments p ON p.id = h.payment_id"
                        + " WHERE p.reservation_id = " + reservationId));
    }

    private static String status(String sql, String... names) {
        return names[(int) database.queryForLong(sql) - 1];
    }
}
