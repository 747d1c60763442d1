package io.stagedoor.bootstrap.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.payment.PaymentJourney.Answer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The seed journey end to end through HTTP against the running app — the eight flows in order, each answer checked
 * field by field against docs/api.md — and the payment routes' input validation.
 */
@TestPropertySource(properties = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S"})
class PaymentJourneyHttpTest extends StagedoorAppTest {

    private PaymentJourney journey;

    @BeforeEach
    void journey() {
        journey = new PaymentJourney(client);
    }

    @Test
    void theWholeSeedJourneyWorksThroughHttp() {
        PaymentJourney.Concert concert = journey.createConcert("Seed journey");
        long concertId = concert.concertId();
        long userId = journey.createUser("Kim");

        // 1. issue queue token
        Answer joined = journey.join(userId, concertId);
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        JsonNode token = joined.json();
        String tokenValue = token.get("token").asString();
        assertThat(tokenValue).isNotBlank();
        assertThat(token.get("userId").asLong()).isEqualTo(userId);
        assertThat(token.get("concertId").asLong()).isEqualTo(concertId);
        assertQueueStatusShape(token);
        Answer joinedAgain = journey.join(userId, concertId);
        assertThat(joinedAgain.status()).isEqualTo(200);
        assertThat(joinedAgain.json().get("token").asString()).isEqualTo(tokenValue);

        // 2. poll queue status until ACTIVE
        JsonNode active = journey.awaitActive(tokenValue).json();
        assertThat(active.get("token").asString()).isEqualTo(tokenValue);
        assertThat(active.get("userId").asLong()).isEqualTo(userId);
        assertThat(active.get("concertId").asLong()).isEqualTo(concertId);
        assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(active.get("position").asLong()).isZero();
        assertThat(active.get("ahead").asLong()).isZero();
        assertThat(Instant.parse(active.get("activeUntil").asString())).isAfter(Instant.now());
        assertQueueStatusShape(active);

        // 3. available dates
        Answer dates = journey.get("/api/v1/concerts/" + concertId + "/schedules", tokenValue);
        assertThat(dates.status()).as(dates.body()).isEqualTo(200);
        assertThat(dates.json().get("concertId").asLong()).isEqualTo(concertId);
        List<JsonNode> schedules = list(dates.json().get("schedules"));
        assertThat(schedules).extracting(schedule -> schedule.get("scheduleId").asLong()).containsExactlyElementsOf(concert.scheduleIds());
        assertThat(schedules).allSatisfy(schedule -> {
            assertThat(schedule.get("availableSeats").asInt()).isEqualTo(50);
            assertThat(Instant.parse(schedule.get("startsAt").asString())).isAfter(Instant.now());
        });
        long scheduleId = concert.firstSchedule();

        // 4. available seats
        Answer seats = journey.get("/api/v1/concerts/" + concertId + "/schedules/" + scheduleId + "/seats", tokenValue);
        assertThat(seats.status()).as(seats.body()).isEqualTo(200);
        assertThat(seats.json().get("concertId").asLong()).isEqualTo(concertId);
        assertThat(seats.json().get("scheduleId").asLong()).isEqualTo(scheduleId);
        List<JsonNode> freeSeats = list(seats.json().get("seats"));
        assertThat(freeSeats).hasSize(50);
        assertThat(freeSeats).extracting(seat -> seat.get("seatNumber").asInt()).contains(1, 7, 50);
        assertThat(freeSeats).allSatisfy(seat -> assertThat(seat.get("price").asLong()).isEqualTo(PaymentJourney.PRICE));

        // 5. reserve seat 7
        Answer held = journey.hold(tokenValue, scheduleId, 7);
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        JsonNode reservation = held.json();
        long reservationId = reservation.get("reservationId").asLong();
        assertThat(reservationId).isPositive();
        assertThat(reservation.get("userId").asLong()).isEqualTo(userId);
        assertThat(reservation.get("concertId").asLong()).isEqualTo(concertId);
        assertThat(reservation.get("scheduleId").asLong()).isEqualTo(scheduleId);
        assertThat(reservation.get("seatNumber").asInt()).isEqualTo(7);
        assertThat(reservation.get("price").asLong()).isEqualTo(PaymentJourney.PRICE);
        assertThat(reservation.get("status").asString()).isEqualTo("HELD");
        assertThat(Instant.parse(reservation.get("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(6)));

        // 6. balance
        Answer balance = journey.getAs(userId, "/api/v1/users/" + userId + "/balance");
        assertThat(balance.status()).isEqualTo(200);
        assertThat(balance.json().get("userId").asLong()).isEqualTo(userId);
        assertThat(balance.json().get("balance").asLong()).isZero();

        // 7. charge balance
        Answer charged = PaymentJourney.send(journey.as(userId).post().uri("/api/v1/users/{id}/balance/charges", userId)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 200000}"));
        assertThat(charged.status()).as(charged.body()).isEqualTo(200);
        assertThat(charged.json().get("userId").asLong()).isEqualTo(userId);
        assertThat(charged.json().get("balance").asLong()).isEqualTo(200_000);

        // 8. pay
        Instant beforePaying = Instant.now().minusSeconds(1);
        Answer paid = journey.pay(tokenValue, reservationId, "journey-pay-1");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        JsonNode payment = paid.json();
        assertThat(fieldNames(payment)).containsExactly("paymentId", "reservationId", "userId", "amount", "status", "paidAt", "balance");
        long paymentId = payment.get("paymentId").asLong();
        assertThat(paymentId).isPositive();
        assertThat(payment.get("reservationId").asLong()).isEqualTo(reservationId);
        assertThat(payment.get("userId").asLong()).isEqualTo(userId);
        assertThat(payment.get("amount").asLong()).isEqualTo(PaymentJourney.PRICE);
        assertThat(payment.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(Instant.parse(payment.get("paidAt").asString())).isBetween(beforePaying, Instant.now().plusSeconds(1));
        assertThat(payment.get("balance").asLong()).isEqualTo(200_000 - PaymentJourney.PRICE);

        // afterwards: the token is gone ...
        Answer oldToken = journey.status(tokenValue);
        assertThat(oldToken.status()).isEqualTo(401);
        assertThat(oldToken.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
        Answer oldTokenPays = journey.pay(tokenValue, reservationId, "journey-pay-other");
        assertThat(oldTokenPays.status()).isEqualTo(401);
        // ... except for the retry of this very payment under its key, which replays the first answer
        Answer oldTokenRetries = journey.pay(tokenValue, reservationId, "journey-pay-1");
        assertThat(oldTokenRetries.status()).as(oldTokenRetries.body()).isEqualTo(201);
        assertThat(oldTokenRetries.body()).isEqualTo(paid.body());

        // ... the seat is sold: a new admission no longer lists it, and the reservation is CONFIRMED
        String newToken = journey.activeToken(userId, concertId);
        assertThat(newToken).isNotEqualTo(tokenValue);
        List<JsonNode> seatsAfter = list(journey.get("/api/v1/concerts/" + concertId + "/schedules/" + scheduleId + "/seats", newToken)
                .json().get("seats"));
        assertThat(seatsAfter).hasSize(49);
        assertThat(seatsAfter).extracting(seat -> seat.get("seatNumber").asInt()).doesNotContain(7);
        List<JsonNode> datesAfter = list(journey.get("/api/v1/concerts/" + concertId + "/schedules", newToken).json().get("schedules"));
        assertThat(datesAfter.get(0).get("availableSeats").asInt()).isEqualTo(49);
        Answer reservationAfter = journey.get("/api/v1/reservations/" + reservationId, newToken);
        assertThat(reservationAfter.status()).isEqualTo(200);
        assertThat(reservationAfter.json().get("status").asString()).isEqualTo("CONFIRMED");

        // ... the ledger shows the payment, newest first, and the balance matches it
        JsonNode history = journey.getAs(userId, "/api/v1/users/" + userId + "/balance/history").json();
        assertThat(history.get("userId").asLong()).isEqualTo(userId);
        List<JsonNode> entries = list(history.get("entries"));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("type").asString()).isEqualTo("PAYMENT");
        assertThat(entries.get(0).get("amount").asLong()).isEqualTo(PaymentJourney.PRICE);
        assertThat(entries.get(0).get("balanceAfter").asLong()).isEqualTo(70_000);
        assertThat(entries.get(0).get("reference").asString()).isEqualTo("payment:" + paymentId);
        assertThat(Instant.parse(entries.get(0).get("at").asString())).isBetween(beforePaying, Instant.now().plusSeconds(1));
        assertThat(entries.get(1).get("type").asString()).isEqualTo("CHARGE");
        assertThat(entries.get(1).get("amount").asLong()).isEqualTo(200_000);
        assertThat(journey.getAs(userId, "/api/v1/users/" + userId + "/balance").json().get("balance").asLong()).isEqualTo(70_000);

        // ... the payment is listed
        Answer payments = journey.getAs(userId, "/api/v1/users/" + userId + "/payments");
        assertThat(payments.status()).isEqualTo(200);
        assertThat(payments.json().get("userId").asLong()).isEqualTo(userId);
        List<JsonNode> listed = list(payments.json().get("payments"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("paymentId").asLong()).isEqualTo(paymentId);
        assertThat(listed.get(0).get("reservationId").asLong()).isEqualTo(reservationId);
        assertThat(listed.get(0).get("amount").asLong()).isEqualTo(PaymentJourney.PRICE);
        assertThat(listed.get(0).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(listed.get(0).get("paidAt").asString()).isEqualTo(payment.get("paidAt").asString());

        // ... a retry with the same key (new token, same user) replays the first answer; another request under it is 422;
        // paying again without a key is RESERVATION_ALREADY_PAID
        Answer replay = journey.pay(newToken, reservationId, "journey-pay-1");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(paid.body());
        long otherReservation = journey.heldReservation(newToken, scheduleId, 8);
        Answer reused = journey.pay(newToken, otherReservation, "journey-pay-1");
        assertThat(reused.status()).as(reused.body()).isEqualTo(422);
        assertThat(reused.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(reused.json().get("type").asString()).isEqualTo("https://stagedoor.dev/problems/idempotency-key-reused");
        Answer again = journey.pay(newToken, reservationId, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("RESERVATION_ALREADY_PAID");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + reservationId)).isEqualTo(1);
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId)).isEqualTo(70_000);
    }

    @Test
    void reservationOfAnotherConcertThanTheTokenIsForbidden() {
        PaymentJourney.Concert first = journey.createConcert("First");
        PaymentJourney.Concert second = journey.createConcert("Second");
        long userId = journey.createUser("two rooms");
        journey.charge(userId, 200_000);
        String firstToken = journey.activeToken(userId, first.concertId());
        String secondToken = journey.activeToken(userId, second.concertId());
        long reservationOfSecond = journey.heldReservation(secondToken, second.firstSchedule(), 3);

        Answer refused = journey.pay(firstToken, reservationOfSecond, null);

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("code").asString()).isEqualTo("QUEUE_WRONG_CONCERT");
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId)).isEqualTo(200_000);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE reservation_id = " + reservationOfSecond)).isZero();
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE status = 'HELD' AND id = " + reservationOfSecond))
                .as("the confirmation rolled back").isEqualTo(1);

        // once paid through its own concert's token, the other concert's token is still told it is the wrong concert
        Answer paid = journey.pay(secondToken, reservationOfSecond, null);
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        Answer paidElsewhere = journey.pay(firstToken, reservationOfSecond, "first-token-after-paid");
        assertThat(paidElsewhere.status()).as(paidElsewhere.body()).isEqualTo(403);
        assertThat(paidElsewhere.json().get("code").asString()).isEqualTo("QUEUE_WRONG_CONCERT");
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId))
                .isEqualTo(200_000 - PaymentJourney.PRICE);
    }

    @Test
    void badPaymentInputIsInvalidRequestNamingTheField() {
        PaymentJourney.Concert concert = journey.createConcert("Validation");
        long userId = journey.createUser("careless");
        String token = journey.activeToken(userId, concert.concertId());

        expectInvalid(journey.payWithBody(token, "{}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": null}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": \"5\"}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": 1.5}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": 0}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": -3}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": 99999999999999999999}", null), "reservationId");
        expectInvalid(journey.payWithBody(token, "{\"reservationId\": ", null), null);
        expectInvalid(journey.payWithBody(token, null, null), null);
        expectInvalid(journey.pay(token, 1, "k".repeat(65)), "Idempotency-Key");
        expectInvalid(journey.pay(token, 1, "caf\u00e9"), "Idempotency-Key");
        assertThat(database.queryForLong("SELECT count(*) FROM payment.idempotency_keys WHERE user_id = " + userId))
                .as("bad input never touches a key").isZero();

        expectInvalid(journey.getAs(userId, "/api/v1/users/abc/payments"), "userId");
        expectInvalid(journey.getAs(userId, "/api/v1/users/0/payments"), "userId");
        Answer someoneElse = journey.getAs(userId, "/api/v1/users/987654321/payments");
        assertThat(someoneElse.status()).isEqualTo(403);
        assertThat(someoneElse.json().get("code").asString()).isEqualTo("FORBIDDEN");
        Answer none = journey.getAs(userId, "/api/v1/users/" + userId + "/payments");
        assertThat(none.status()).isEqualTo(200);
        assertThat(list(none.json().get("payments"))).isEmpty();
    }

    @Test
    void payingWithoutAnAdmittedTokenIsStoppedAtTheGate() {
        long userId = journey.createUser("no token");
        Answer missing = PaymentJourney.send(journey.as(userId).post().uri("/api/v1/payments")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue("{\"reservationId\": 1}"));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_MISSING");
        Answer invalid = PaymentJourney.send(journey.as(userId).post().uri("/api/v1/payments").header("Queue-Token", "not-a-token")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue("{\"reservationId\": 1}"));
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.json().get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
        Answer noBearer = journey.pay("not-a-token", 1, null);
        assertThat(noBearer.status()).isEqualTo(401);
        assertThat(noBearer.json().get("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    private static void expectInvalid(Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://stagedoor.dev/problems/invalid-request");
        if (field != null) {
            assertThat(answer.json().get("detail").asString()).contains(field);
        }
    }

    private static void assertQueueStatusShape(JsonNode status) {
        assertThat(fieldNames(status)).contains("token", "userId", "concertId", "status", "position", "ahead",
                "estimatedWaitSeconds", "pollAfterMillis", "activeUntil");
        assertThat(status.get("status").asString()).isIn("WAITING", "ACTIVE");
        if ("WAITING".equals(status.get("status").asString())) {
            assertThat(status.get("position").asLong()).isPositive();
            assertThat(status.get("ahead").asLong()).isEqualTo(status.get("position").asLong() - 1);
            assertThat(status.get("activeUntil").isNull()).isTrue();
        }
        assertThat(status.get("estimatedWaitSeconds").asLong()).isNotNegative();
        assertThat(status.get("pollAfterMillis").asLong()).isPositive();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static List<String> fieldNames(JsonNode object) {
        return new ArrayList<>(object.propertyNames());
    }
}
