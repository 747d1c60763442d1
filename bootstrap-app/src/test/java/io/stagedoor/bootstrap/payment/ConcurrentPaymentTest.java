package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Concurrently;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/architecture.md invariant 3 through HTTP: 30 payments of one reservation released at once by one barrier. Whatever the
 * interleaving, one payment exists, the balance is debited once and the ledger has one PAYMENT entry.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S"})
@Import(PaymentTestHooks.class)
class ConcurrentPaymentTest extends StagedoorAppTest {

    private static final int PAYERS = 30;
    private static final long START_BALANCE = 200_000;

    private PaymentJourney journey;

    private static boolean warmedUp;

    @BeforeEach
    void journey() {
        journey = new PaymentJourney(client);
        warmUpOnce();
        PaymentTestHooks.reset();
        PaymentTestHooks.deferTokenExpiry.set(true);
    }

    /**
     * One ordinary payment (and one refused request) before the first hammer, as a load test warms a server up: JSON
     * (de)serializers are built on first use under a lock, and 30 first uses at once would queue for it on event loops.
     */
    private void warmUpOnce() {
        if (warmedUp) {
            return;
        }
        Setup warmUp = setUp("warm-up");
        assertThat(journey.payWithBody(warmUp.token(), "{\"reservationId\": 0}", null).status()).isEqualTo(400);
        assertThat(journey.pay(warmUp.token(), warmUp.reservationId(), "warm-up").status()).isEqualTo(201);
        warmedUp = true;
    }

    @Test
    void thirtyConcurrentPaymentsWithOneKeyPayOnceAndAllGetTheSameAnswer() throws Exception {
        Setup setup = setUp("same-key");

        List<Answer> answers = Concurrently.run(PAYERS, i -> journey.pay(setup.token(), setup.reservationId(), "one-key-for-all"));

        assertThat(answers).extracting(Answer::status).containsOnly(201);
        assertThat(answers).extracting(Answer::body).containsOnly(answers.get(0).body());
        assertThat(answers.get(0).json().get("balance").asLong()).isEqualTo(START_BALANCE - PaymentJourney.PRICE);
        assertPaidExactlyOnce(setup);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE user_id = " + setup.userId()
                + " AND state = 'COMPLETED' AND response_status = 201")).isEqualTo(1);
        assertTokenExpiredOnceAfterwards(setup);
    }

    @Test
    void thirtyConcurrentPaymentsWithDifferentKeysPayOnceAndTheRestAreRefusedAsPaidOrAsAUsedAdmission() throws Exception {
        Setup setup = setUp("different-keys");

        List<Answer> answers = Concurrently.run(PAYERS, i -> journey.pay(setup.token(), setup.reservationId(), "key-" + i));

        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(1);
        List<Answer> refused = answers.stream().filter(answer -> answer.status() != 201).toList();
        // one admission pays once: a payment that waited on the winner's admission is 401 (like any call with the
        // token after the payment), one that reached the seat first is 409
        assertThat(refused).hasSize(PAYERS - 1).allSatisfy(answer -> {
            String code = answer.json().get("code").asString();
            assertThat(code).as(answer.body()).isIn("RESERVATION_ALREADY_PAID", "QUEUE_TOKEN_INVALID");
            assertThat(answer.status()).isEqualTo(code.equals("QUEUE_TOKEN_INVALID") ? 401 : 409);
        });
        assertPaidExactlyOnce(setup);
        assertTokenExpiredOnceAfterwards(setup);
    }

    private record Setup(long userId, long concertId, long scheduleId, String token, long reservationId) {
    }

    private Setup setUp(String name) {
        PaymentJourney.Concert concert = journey.createConcert("Concurrency " + name);
        long userId = journey.createUser("payer " + name);
        journey.charge(userId, START_BALANCE);
        String token = journey.activeToken(userId, concert.concertId());
        long reservationId = journey.heldReservation(token, concert.firstSchedule(), 7);
        return new Setup(userId, concert.concertId(), concert.firstSchedule(), token, reservationId);
    }

    private void assertPaidExactlyOnce(Setup setup) {
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + setup.reservationId()))
                .isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payment_history h JOIN payment.payments p ON p.id = h.payment_id"
                + " WHERE p.reservation_id = " + setup.reservationId())).isEqualTo(1);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + setup.userId()))
                .isEqualTo(START_BALANCE - PaymentJourney.PRICE);
        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger WHERE type = 'PAYMENT' AND user_id = " + setup.userId()))
                .isEqualTo(1);
        long paymentId = database.queryForLong("SELECT id FROM payment.payments WHERE reservation_id = " + setup.reservationId());
        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger WHERE type = 'PAYMENT' AND amount = " + PaymentJourney.PRICE
                + " AND reference = 'payment:" + paymentId + "'")).isEqualTo(1);
        assertThat(database.queryForLong("SELECT sum(CASE WHEN type = 'PAYMENT' THEN -amount ELSE amount END) FROM account.ledger"
                + " WHERE user_id = " + setup.userId())).isEqualTo(START_BALANCE - PaymentJourney.PRICE);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND id = "
                + setup.reservationId())).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'SOLD' AND reservation_id = "
                + setup.reservationId())).isEqualTo(1);
    }

    /** The winner (and only it) asked for the token's expiry; once it runs, the token no longer passes the gate. */
    private void assertTokenExpiredOnceAfterwards(Setup setup) {
        assertThat(PaymentTestHooks.expiryRequests).containsExactly(setup.token());
        PaymentTestHooks.expireDeferredTokens();
        Answer status = journey.status(setup.token());
        assertThat(status.status()).isEqualTo(401);
        assertThat(status.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
    }

}
