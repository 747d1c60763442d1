package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /payments} with {@code {"reservationIds": [...]}} through HTTP (docs/api.md "Payments"): the answer's
 * shape, the validation codes (each changing nothing), and the retry of a paid request whose token the payment ended.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S"})
class CheckoutHttpTest extends StagedoorAppTest {

    private PaymentJourney journey;

    @BeforeEach
    void journey() {
        journey = new PaymentJourney(client);
    }

    private static String cart(List<Long> reservationIds) {
        return "{\"reservationIds\": [" + reservationIds.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]}";
    }

    @Test
    void checkoutOfSeveralHoldsPaysThemAllInOneAnswer() {
        PaymentJourney.Concert concert = journey.createConcert("Checkout");
        long userId = journey.createUser("four seats");
        journey.charge(userId, 1_000_000);
        String token = journey.activeToken(userId, concert.concertId());
        List<Long> holds = List.of(journey.heldReservation(token, concert.firstSchedule(), 9),
                journey.heldReservation(token, concert.firstSchedule(), 10),
                journey.heldReservation(token, concert.firstSchedule(), 11));

        Answer paid = journey.payWithBody(token, cart(holds), "cart-1");

        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        JsonNode body = paid.json();
        assertThat(new ArrayList<>(body.propertyNames()))
                .containsExactly("paymentIds", "reservationIds", "userId", "amount", "status", "paidAt", "balance");
        assertThat(body.get("reservationIds").valueStream().map(JsonNode::asLong).toList()).containsExactlyElementsOf(holds);
        assertThat(body.get("paymentIds").valueStream().map(JsonNode::asLong).distinct().count()).isEqualTo(3);
        assertThat(body.get("amount").asLong()).isEqualTo(3 * PaymentJourney.PRICE);
        assertThat(body.get("balance").asLong()).isEqualTo(1_000_000 - 3 * PaymentJourney.PRICE);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND user_id = "
                + userId)).isEqualTo(3);
        assertThat(journey.status(token).status()).as("paying ended the token's session").isEqualTo(401);
    }

    @Test
    void retryOfAPaidPaymentWithItsKeyAndItsNowExpiredTokenReplaysTheFirstAnswer() {
        PaymentJourney.Concert concert = journey.createConcert("Retry");
        long userId = journey.createUser("retrier");
        journey.charge(userId, 1_000_000);
        String token = journey.activeToken(userId, concert.concertId());
        long single = journey.heldReservation(token, concert.firstSchedule(), 1);
        Answer paid = journey.pay(token, single, "retry-1");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        String secondToken = journey.activeToken(userId, concert.concertId());
        List<Long> holds = List.of(journey.heldReservation(secondToken, concert.firstSchedule(), 2),
                journey.heldReservation(secondToken, concert.firstSchedule(), 3));
        Answer checkedOut = journey.payWithBody(secondToken, cart(holds), "retry-2");
        assertThat(checkedOut.status()).as(checkedOut.body()).isEqualTo(201);

        Answer retried = journey.pay(token, single, "retry-1");
        Answer retriedCheckout = journey.payWithBody(secondToken, cart(List.of(holds.get(1), holds.get(0))), "retry-2");

        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.body()).isEqualTo(paid.body());
        assertThat(retriedCheckout.status()).as(retriedCheckout.body()).isEqualTo(201);
        assertThat(retriedCheckout.body()).isEqualTo(checkedOut.body());
        // the gate's refusal stands for anything else: another request under the key, another key, no key
        Answer otherRequest = journey.pay(token, holds.get(0), "retry-1");
        Answer otherKey = journey.pay(token, single, "retry-3");
        Answer noKey = journey.pay(token, single, null);
        assertThat(List.of(otherRequest, otherKey, noKey)).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
        });
        // another user's key of the same name replays nothing of this user's
        long stranger = journey.createUser("stranger");
        String strangerToken = journey.activeToken(stranger, concert.concertId());
        assertThat(journey.pay(strangerToken, single, "retry-1").status()).isEqualTo(404);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + userId)).isEqualTo(3);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId))
                .isEqualTo(1_000_000 - 3 * PaymentJourney.PRICE);
    }

    @Test
    void badCheckoutsAreInvalidRequestsAndChangeNothing() {
        PaymentJourney.Concert concert = journey.createConcert("Bad carts");
        long userId = journey.createUser("careless cart");
        journey.charge(userId, 1_000_000);
        String token = journey.activeToken(userId, concert.concertId());
        long scheduleId = concert.firstSchedule();
        List<Long> holds = List.of(journey.heldReservation(token, scheduleId, 1), journey.heldReservation(token, scheduleId, 2),
                journey.heldReservation(token, scheduleId, 3), journey.heldReservation(token, scheduleId, 4));
        List<Long> fiveIds = new ArrayList<>(holds);
        fiveIds.add(holds.get(3) + 1000);

        expectInvalid(journey.payWithBody(token, "{\"reservationIds\": []}", "bad-1"), "reservationIds");
        expectInvalid(journey.payWithBody(token, cart(List.of(holds.get(0), holds.get(0))), "bad-2"), "reservationIds");
        expectInvalid(journey.payWithBody(token, cart(fiveIds), "bad-3"), "reservationIds");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": " + holds.get(0) + ", \"reservationIds\": ["
                + holds.get(1) + "]}", "bad-4"), "reservationIds");
        expectInvalid(journey.payWithBody(token, "{\"reservationIds\": [0]}", "bad-5"), "reservationIds");
        expectInvalid(journey.payWithBody(token, "{\"reservationIds\": [null]}", "bad-6"), "reservationIds");
        expectInvalid(journey.payWithBody(token, "{\"reservationIds\": 5}", "bad-7"), "reservationIds");

        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE user_id = " + userId)).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + userId)).isZero();
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId)).isEqualTo(1_000_000);
        assertThat(journey.status(token).json().get("status").asString()).as("the token is still admitted").isEqualTo("ACTIVE");
        // a hold that is not the caller's: the one-reservation refusal, and nothing paid
        long stranger = journey.createUser("stranger cart");
        String strangerToken = journey.activeToken(stranger, concert.concertId());
        long strangers = journey.heldReservation(strangerToken, scheduleId, 20);
        Answer notMine = journey.payWithBody(token, cart(List.of(holds.get(0), strangers)), null);
        assertThat(notMine.status()).as(notMine.body()).isEqualTo(404);
        assertThat(notMine.json().get("code").asString()).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND user_id = "
                + userId)).isEqualTo(4);
        // and the whole cart still pays
        Answer paid = journey.payWithBody(token, cart(holds), null);
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(paid.json().get("amount").asLong()).isEqualTo(4 * PaymentJourney.PRICE);
    }

    private static void expectInvalid(Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.json().get("detail").asString()).contains(field);
    }
}
