package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** docs/architecture.md invariant 2: once the hold ran out, the old holder can no longer pay for it, and nothing changes. */
@TestPropertySource(properties = {"stagedoor.reservation.hold-duration=PT1S", "stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S"})
class ExpiredReservationPaymentTest extends StagedoorAppTest {

    @Test
    void paymentAfterTheHoldRanOutIsRefusedAsExpiredAndChangesNothing() {
        PaymentJourney journey = new PaymentJourney(client);
        PaymentJourney.Concert concert = journey.createConcert("Too late");
        long userId = journey.createUser("late payer");
        journey.charge(userId, 200_000);
        String token = journey.activeToken(userId, concert.concertId());
        Answer held = journey.hold(token, concert.firstSchedule(), 21);
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        long reservationId = held.json().get("reservationId").asLong();
        Instant expiresAt = Instant.parse(held.json().get("expiresAt").asString());
        while (!Instant.now().isAfter(expiresAt.plusMillis(200))) {
            PaymentJourney.sleep(100);
        }

        Answer refused = journey.pay(token, reservationId, "too-late");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("RESERVATION_EXPIRED");
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId)).isEqualTo(200_000);
        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger WHERE type = 'PAYMENT' AND user_id = " + userId)).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments")).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history")).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED'")).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'SOLD'")).isZero();
        assertThat(journey.status(token).status()).as("a refused payment leaves the token alone").isEqualTo(200);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE state = 'IN_PROGRESS'")).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE idem_key = 'too-late'"
                + " AND state = 'COMPLETED' AND response_status = 409")).isEqualTo(1);

        Answer again = journey.pay(token, reservationId, "too-late");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.bodyWithoutRequestId()).isEqualTo(refused.bodyWithoutRequestId());
    }
}
