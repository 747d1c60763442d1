package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Concurrently;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /payments} with {@code {"reservationIds": [...]}} through HTTP (docs/api.md "Payments"): the answer's
 * shape, the validation codes (each changing nothing), the retry of a paid request whose token the payment ended, and the
 * ticket limit as it stands at payment (an operator may lower it after the holds were taken).
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S"})
class CheckoutHttpTest extends StagedoorAppTest {

    @Autowired
    private MeterRegistry meters;
    private PaymentJourney journey;

    @BeforeEach
    void journey() {
        journey = new PaymentJourney(client);
    }

    /** A fan with a balance, admitted to a new concert of its own. */
    private record Fan(long userId, long concertId, long scheduleId, String token) {
    }

    private Fan admittedFan(String concertTitle, String name, long balance) {
        PaymentJourney.Concert concert = journey.createConcert(concertTitle);
        long userId = journey.createUser(name);
        journey.charge(userId, balance);
        return new Fan(userId, concert.concertId(), concert.firstSchedule(), journey.activeToken(userId, concert.concertId()));
    }

    /** The fan's live holds of these seats, in this order. */
    private List<Long> holds(Fan fan, String token, int... seats) {
        return Arrays.stream(seats).mapToObj(seat -> journey.heldReservation(token, fan.scheduleId(), seat)).toList();
    }

    private static String cart(List<Long> reservationIds) {
        return "{\"reservationIds\": [" + reservationIds.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]}";
    }

    @Test
    void checkoutOfSeveralHoldsPaysThemAllInOneAnswer() {
        Fan fan = admittedFan("Checkout", "four seats", 1_000_000);
        long userId = fan.userId();
        String token = fan.token();
        List<Long> holds = holds(fan, token, 9, 10, 11);

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
        Fan fan = admittedFan("Retry", "retrier", 1_000_000);
        long userId = fan.userId();
        String token = fan.token();
        long single = holds(fan, token, 1).get(0);
        Answer paid = journey.pay(token, single, "retry-1");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        String secondToken = journey.activeToken(userId, fan.concertId());
        List<Long> holds = holds(fan, secondToken, 2, 3);
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
        String strangerToken = journey.activeToken(stranger, fan.concertId());
        assertThat(journey.pay(strangerToken, single, "retry-1").status()).isEqualTo(404);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + userId)).isEqualTo(3);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId))
                .isEqualTo(1_000_000 - 3 * PaymentJourney.PRICE);
    }

    @Test
    void badCheckoutsAreInvalidRequestsAndChangeNothing() {
        Fan fan = admittedFan("Bad carts", "careless cart", 1_000_000);
        long userId = fan.userId();
        String token = fan.token();
        long scheduleId = fan.scheduleId();
        List<Long> holds = holds(fan, token, 1, 2, 3, 4);
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
        String strangerToken = journey.activeToken(stranger, fan.concertId());
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

    /** One ticket bought and three seats held under the default limit of four; then an operator lowers it to two. */
    private record LoweredLimit(Fan fan, List<Long> holds, String token) {
    }

    private LoweredLimit oneTicketAndThreeHoldsThenTheLimitLoweredToTwo(String concertTitle) {
        Fan fan = admittedFan(concertTitle, "early buyer", 10_000_000);
        List<Long> held = holds(fan, fan.token(), 1, 2, 3, 4);
        assertThat(journey.pay(fan.token(), held.get(0), null).status()).isEqualTo(201);
        String token = journey.activeToken(fan.userId(), fan.concertId());
        client.put().uri("/api/v1/admin/concerts/{id}/fan-limits", fan.concertId())
                .header("Admin-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ticketsPerFan\": 2}")
                .exchange()
                .expectStatus().isOk();
        return new LoweredLimit(fan, held.subList(1, 4), token);
    }

    private double payments(String outcome, String code) {
        Counter counter = meters.find("stagedoor.payments").tags("outcome", outcome, "code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aCheckoutPastATicketLimitLoweredAfterTheHoldsIs409AndChangesNothingAndIsCountedAsRefused() {
        LoweredLimit lowered = oneTicketAndThreeHoldsThenTheLimitLoweredToTwo("Lowered limit");
        long userId = lowered.fan().userId();
        double refusedBefore = payments("refused", "TICKET_LIMIT_REACHED");
        double replayedBefore = payments("replayed", "none");
        double completedBefore = payments("completed", "none");

        Answer refused = journey.payWithBody(lowered.token(), cart(lowered.holds().subList(0, 2)), "two-more");
        Answer retried = journey.payWithBody(lowered.token(), cart(lowered.holds().subList(0, 2)), "two-more");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("TICKET_LIMIT_REACHED");
        assertThat(retried.bodyWithoutRequestId()).as("the stored refusal is replayed").isEqualTo(refused.bodyWithoutRequestId());
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + userId)).isEqualTo(1);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId))
                .isEqualTo(10_000_000 - PaymentJourney.PRICE);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND user_id = "
                + userId)).as("the holds are untouched").isEqualTo(3);
        assertThat(journey.status(lowered.token()).json().get("status").asString()).as("the admission is unused")
                .isEqualTo("ACTIVE");
        // within the new limit, one more pays
        Answer paid = journey.payWithBody(lowered.token(), cart(List.of(lowered.holds().get(0))), null);
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(payments("refused", "TICKET_LIMIT_REACHED") - refusedBefore).isEqualTo(1);
        assertThat(payments("replayed", "none") - replayedBefore).isEqualTo(1);
        assertThat(payments("completed", "none") - completedBefore).isEqualTo(1);
    }

    @Test
    void manyCheckoutsOfOneFanRacingForTheLastAllowedTicketSellExactlyOne() throws Exception {
        LoweredLimit lowered = oneTicketAndThreeHoldsThenTheLimitLoweredToTwo("Last ticket");
        List<Long> held = lowered.holds();
        List<List<Long>> carts = List.of(List.of(held.get(0)), List.of(held.get(1)), List.of(held.get(2)),
                List.of(held.get(1), held.get(0)));

        List<Answer> answers = Concurrently.run(16, i -> journey.payWithBody(lowered.token(), cart(carts.get(i % 4)),
                i % 2 == 0 ? null : "last-" + i));

        assertThat(answers.stream().filter(answer -> answer.status() == 201)).as(answers.toString()).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 201).allSatisfy(answer -> assertThat(
                answer.json().get("code").asString()).isIn("QUEUE_TOKEN_INVALID", "TICKET_LIMIT_REACHED",
                "RESERVATION_ALREADY_PAID"));
        long userId = lowered.fan().userId();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'CONFIRMED' AND user_id = "
                + userId)).isEqualTo(2);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId))
                .isEqualTo(10_000_000 - 2 * PaymentJourney.PRICE);
    }

    private static void expectInvalid(Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.json().get("detail").asString()).contains(field);
    }
}
