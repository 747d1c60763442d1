package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A Redis restart that lost its data (no persistence) loses no sale: a fan with a live hold can still pay it, because
 * the hold proves they were admitted; the waiting room starts again and admits afresh. A live hold never stands in for
 * a token when Redis did not lose its data.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S"})
class RedisRestartPaymentHttpTest extends StagedoorAppTest {

    private static final long BALANCE = 500_000;
    private PaymentJourney journey;

    @BeforeEach
    void journey() {
        journey = new PaymentJourney(client);
    }

    @Test
    void afterRedisLostItsDataAFanWithALiveHoldStillPaysItAndOthersAreAdmittedAfresh() throws InterruptedException {
        PaymentJourney.Concert concert = journey.createConcert("Redis restart");
        long holder = journey.createUser("holder");
        journey.charge(holder, BALANCE);
        String holderToken = journey.activeToken(holder, concert.concertId());
        long reservationId = journey.heldReservation(holderToken, concert.firstSchedule(), 3);
        long waiter = journey.createUser("admitted without a hold");
        String waiterToken = journey.activeToken(waiter, concert.concertId());

        redis.flush(); // what a restart of a Redis without persistence leaves
        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> redis.template().opsForValue().get("queue:epoch").block(Duration.ofSeconds(2)) != null))
                .as("an instance marks the new data epoch").isTrue();

        Answer paid = journey.pay(holderToken, reservationId, "after-restart");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + reservationId))
                .isEqualTo(1);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + holder))
                .isEqualTo(BALANCE - PaymentJourney.PRICE);

        Answer lostPlace = journey.get("/api/v1/concerts/" + concert.concertId() + "/schedules", waiterToken);
        assertThat(lostPlace.status()).as(lostPlace.body()).isEqualTo(401);
        assertThat(lostPlace.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
        String freshToken = journey.activeToken(waiter, concert.concertId());
        assertThat(freshToken).isNotEqualTo(waiterToken);
        assertThat(journey.hold(freshToken, concert.firstSchedule(), 4).status()).isEqualTo(201);
    }

    @Test
    void withoutADataLossALiveHoldDoesNotStandInForAnUnknownToken() {
        PaymentJourney.Concert concert = journey.createConcert("No restart");
        long fan = journey.createUser("fan");
        journey.charge(fan, BALANCE);
        String token = journey.activeToken(fan, concert.concertId());
        long reservationId = journey.heldReservation(token, concert.firstSchedule(), 5);
        String unknown = concert.concertId() + "." + fan + ".AAAAAAAAAAAAAAAAAAAAAA";

        Answer refused = PaymentJourney.send(journey.as(fan).post().uri("/api/v1/payments").header("Queue-Token", unknown)
                .header("Idempotency-Key", "unknown-token").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"reservationId\": " + reservationId + "}"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + reservationId))
                .isZero();
    }
}
