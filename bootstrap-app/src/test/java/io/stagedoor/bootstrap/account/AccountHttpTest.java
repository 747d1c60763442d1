package io.stagedoor.bootstrap.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.account.api.BalanceMovement;
import io.stagedoor.account.api.DebitBalanceUseCase;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.money.Krw;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Flows 6 and 7 and sign-up through HTTP on the running app, asserting on the tables as well. Every balance call is
 * made by the signed-in user it names: {@link #newUser()} signs a user up and in and makes {@link #client} act as it.
 */
class AccountHttpTest extends StagedoorAppTest {

    private static final long MAX_CHARGE = 100_000;
    private static final long MAX_BALANCE = 250_000;

    @Autowired
    private DebitBalanceUseCase debitBalance;

    @DynamicPropertySource
    static void tightLimits(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.account.max-charge", () -> String.valueOf(MAX_CHARGE));
        registry.add("stagedoor.account.max-balance", () -> String.valueOf(MAX_BALANCE));
    }

    record CreatedUser(long userId, String name) {
    }

    // ---- POST /users

    @Test
    void registeringAUserAnswers201WithItsIdAndAZeroBalance() {
        CreatedUser user = client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Kim\", \"password\": \"" + PASSWORD + "\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(CreatedUser.class)
                .returnResult().getResponseBody();

        assertThat(user.userId()).isPositive();
        assertThat(user.name()).isEqualTo("Kim");
        assertThat(database.queryForLong("SELECT count(*) FROM account.users WHERE id = %d AND name = 'Kim'"
                .formatted(user.userId()))).isEqualTo(1);
        client = as(signIn(client, user.userId(), PASSWORD));
        balanceOf(user.userId()).jsonPath("$.userId").isEqualTo(user.userId()).jsonPath("$.balance").isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"name\": null}",
            "{\"name\": 42}",
            "{\"name\": [\"Kim\"]}",
            "{\"name\": \"   \"}",
            "{\"name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"})
    void registrationWithoutAUsableNameIsInvalidRequestNamingTheFieldAndCreatesNobody(String body) {
        long usersBefore = database.queryForLong("SELECT count(*) FROM account.users");

        problem(client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body), 400,
                "INVALID_REQUEST")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("name"));

        assertThat(database.queryForLong("SELECT count(*) FROM account.users")).isEqualTo(usersBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": ", "[]", "\"Kim\"", "null"})
    void registrationWithMalformedOrNonObjectJsonIsInvalidRequest(String body) {
        long usersBefore = database.queryForLong("SELECT count(*) FROM account.users");

        problem(client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body), 400,
                "INVALID_REQUEST");

        assertThat(database.queryForLong("SELECT count(*) FROM account.users")).isEqualTo(usersBefore);
    }

    @Test
    void registrationWithAnEmptyBodyIsInvalidRequest() {
        problem(client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("request body is required");
    }

    // ---- GET /users/{userId}/balance and POST /users/{userId}/balance/charges

    @Test
    void chargingAddsToTheBalanceThatIsThenRead() {
        long userId = newUser();

        charge(userId, "{\"amount\": 50000}")
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.userId").isEqualTo(userId)
                .jsonPath("$.balance").isEqualTo(50_000);
        charge(userId, "{\"amount\": 1}").expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(50_001);

        balanceOf(userId).jsonPath("$.userId").isEqualTo(userId).jsonPath("$.balance").isEqualTo(50_001);
        assertThat(balanceInTable(userId)).isEqualTo(50_001);
        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger WHERE type = 'CHARGE' AND user_id = "
                + userId)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"amount\": null}",
            "{\"amount\": \"50000\"}",
            "{\"amount\": 500.5}",
            "{\"amount\": 50000.0}",
            "{\"amount\": 5e4}",
            "{\"amount\": true}",
            "{\"amount\": [50000]}",
            "{\"amount\": {\"krw\": 50000}}",
            "{\"amount\": ",
            "{\"amount\": 50000}}",
            "[]",
            "50000",
            "null"})
    void chargeWithAMissingOrNonIntegerAmountIsInvalidRequestAndChangesNothing(String body) {
        long userId = newUser();
        charge(userId, "{\"amount\": 7}").expectStatus().isOk();

        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body), 400, "INVALID_REQUEST");

        assertThat(balanceInTable(userId)).isEqualTo(7);
        assertThat(ledgerEntries(userId)).isEqualTo(1);
    }

    @Test
    void missingAndNullAmountsAreNamedInTheDetail() {
        long userId = newUser();

        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}"), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("amount is required");
        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": null}"), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("amount is required");
        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": \"5\"}"), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("amount must be"));
    }

    @Test
    void chargeWithAnEmptyBodyIsInvalidRequest() {
        long userId = newUser();

        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("request body is required");
        assertThat(ledgerEntries(userId)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-50000", "100001", "9223372036854775807", "-9223372036854775808",
            "123456789012345678901234567890", "-123456789012345678901234567890"})
    void chargeOutsideOneToTheMaximumChargeIsInvalidAmountAndChangesNothing(String amount) {
        long userId = newUser();
        charge(userId, "{\"amount\": 7}").expectStatus().isOk();

        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": " + amount + "}"), 400, "INVALID_AMOUNT")
                .jsonPath("$.type").isEqualTo("https://stagedoor.dev/problems/invalid-amount")
                .jsonPath("$.detail").isEqualTo("amount must be a whole number of KRW between 1 and " + MAX_CHARGE);

        assertThat(balanceInTable(userId)).isEqualTo(7);
        assertThat(ledgerEntries(userId)).isEqualTo(1);
    }

    @Test
    void chargeOfExactlyTheMaximumIsAccepted() {
        long userId = newUser();

        charge(userId, "{\"amount\": " + MAX_CHARGE + "}").expectStatus().isOk()
                .expectBody().jsonPath("$.balance").isEqualTo(MAX_CHARGE);
    }

    @Test
    void chargePastTheMaximumBalanceIsRefusedWithConflictAndChangesNothing() {
        long userId = newUser();
        charge(userId, "{\"amount\": 100000}").expectStatus().isOk();
        charge(userId, "{\"amount\": 100000}").expectStatus().isOk();
        charge(userId, "{\"amount\": 50000}").expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(MAX_BALANCE);

        problem(client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 1}"), 409, "BALANCE_LIMIT_EXCEEDED")
                .jsonPath("$.type").isEqualTo("https://stagedoor.dev/problems/balance-limit-exceeded")
                .jsonPath("$.instance").isEqualTo("/api/v1/users/" + userId + "/balance/charges");

        assertThat(balanceInTable(userId)).isEqualTo(MAX_BALANCE);
        assertThat(ledgerEntries(userId)).isEqualTo(3);
    }

    @Test
    void chargeSentAsPlainTextIsAClientErrorNotAServerError() {
        long userId = newUser();

        client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.TEXT_PLAIN).bodyValue("{\"amount\": 5}")
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(ledgerEntries(userId)).isZero();
    }

    // ---- other users and malformed ids

    @Test
    void anotherUsersRoutesAreForbiddenAndNothingIsWritten() {
        long someoneElse = newUser();
        newUser();
        long entriesBefore = database.queryForLong("SELECT count(*) FROM account.ledger");

        problem(client.get().uri("/api/v1/users/{id}/balance", someoneElse), 403, "FORBIDDEN")
                .jsonPath("$.type").isEqualTo("https://stagedoor.dev/problems/forbidden")
                .jsonPath("$.instance").isEqualTo("/api/v1/users/" + someoneElse + "/balance");
        problem(client.post().uri("/api/v1/users/{id}/balance/charges", someoneElse).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 1000}"), 403, "FORBIDDEN");
        problem(client.get().uri("/api/v1/users/{id}/balance/history", someoneElse), 403, "FORBIDDEN");
        problem(client.get().uri("/api/v1/users/987654321/balance"), 403, "FORBIDDEN");

        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger")).isEqualTo(entriesBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "1.5", "99999999999999999999", " "})
    void userIdThatIsNotAPositiveIntegerIsInvalidRequestOnEveryRoute(String userId) {
        newUser();
        for (String path : List.of("/balance", "/balance/history")) {
            problem(client.get().uri("/api/v1/users/" + userId + path), 400, "INVALID_REQUEST")
                    .jsonPath("$.detail").isEqualTo("userId must be a positive integer");
        }
        problem(client.post().uri("/api/v1/users/" + userId + "/balance/charges").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": 1000}"), 400, "INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("userId must be a positive integer");
    }

    @Test
    void wrongMethodOnABalanceRouteIs405() {
        long userId = newUser();

        client.delete().uri("/api/v1/users/{userId}/balance", userId)
                .exchange()
                .expectStatus().isEqualTo(405);
    }

    // ---- GET /users/{userId}/balance/history

    @Test
    void historyListsChargesAndPaymentsNewestFirst() {
        long userId = newUser();
        charge(userId, "{\"amount\": 50000}").expectStatus().isOk();
        debitBalance.debit(new BalanceMovement(UserId.of(userId), Krw.of(20_000), "payment:17")).block();
        charge(userId, "{\"amount\": 3000}").expectStatus().isOk();

        client.get().uri("/api/v1/users/{userId}/balance/history", userId)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.userId").isEqualTo(userId)
                .jsonPath("$.entries.length()").isEqualTo(3)
                .jsonPath("$.entries[0].type").isEqualTo("CHARGE")
                .jsonPath("$.entries[0].amount").isEqualTo(3000)
                .jsonPath("$.entries[0].balanceAfter").isEqualTo(33_000)
                .jsonPath("$.entries[0].reference").isEqualTo("charge")
                .jsonPath("$.entries[1].type").isEqualTo("PAYMENT")
                .jsonPath("$.entries[1].amount").isEqualTo(20_000)
                .jsonPath("$.entries[1].balanceAfter").isEqualTo(30_000)
                .jsonPath("$.entries[1].reference").isEqualTo("payment:17")
                .jsonPath("$.entries[2].type").isEqualTo("CHARGE")
                .jsonPath("$.entries[2].balanceAfter").isEqualTo(50_000)
                .jsonPath("$.entries[0].at").value(at -> assertThat(at.toString())
                        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"));
        balanceOf(userId).jsonPath("$.balance").isEqualTo(33_000);
    }

    @Test
    void historyOfANewUserIsEmpty() {
        long userId = newUser();

        client.get().uri("/api/v1/users/{userId}/balance/history", userId)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.userId").isEqualTo(userId)
                .jsonPath("$.entries.length()").isEqualTo(0);
    }

    @Test
    void historyLimitKeepsTheNewestEntries() {
        long userId = newUser();
        for (int amount = 1; amount <= 4; amount++) {
            charge(userId, "{\"amount\": " + amount + "}").expectStatus().isOk();
        }

        client.get().uri("/api/v1/users/{userId}/balance/history?limit=2", userId)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.entries.length()").isEqualTo(2)
                .jsonPath("$.entries[0].amount").isEqualTo(4)
                .jsonPath("$.entries[1].amount").isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "abc", "2.5"})
    void historyLimitOutsideOneToThousandIsInvalidRequest(String limit) {
        long userId = newUser();

        problem(client.get().uri("/api/v1/users/{userId}/balance/history?limit={limit}", userId, limit), 400,
                "INVALID_REQUEST")
                .jsonPath("$.detail").isEqualTo("limit must be an integer between 1 and 1000");
    }

    // ---- helpers

    /** A new user, signed up and in; from now on {@link #client} acts as this user. */
    private long newUser() {
        SignedIn user = signUp();
        client = as(user);
        return user.userId();
    }

    private WebTestClient.ResponseSpec charge(long userId, String body) {
        return client.post().uri("/api/v1/users/{userId}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private WebTestClient.BodyContentSpec balanceOf(long userId) {
        return client.get().uri("/api/v1/users/{userId}/balance", userId)
                .exchange()
                .expectStatus().isOk()
                .expectBody();
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.RequestHeadersSpec<?> request, int status,
                                                          String code) {
        return request.exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.title").exists();
    }

    private static long balanceInTable(long userId) {
        return database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId);
    }

    private static long ledgerEntries(long userId) {
        return database.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = " + userId);
    }
}
