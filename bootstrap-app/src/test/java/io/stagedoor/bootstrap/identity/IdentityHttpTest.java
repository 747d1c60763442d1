package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Sign-up, sign-in, the access token the built-in issuer signs, charges with an Idempotency-Key, and start-up refusals. */
class IdentityHttpTest extends StagedoorAppTest {

    // ---- sign-up

    @Test
    void signUpStoresOnlyASaltedHashAndNeverAnswersWithThePassword() {
        EntityExchangeResult<String> created = client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Kim", "password", PASSWORD)).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult();

        assertThat(created.getResponseBody()).doesNotContain(PASSWORD).doesNotContain("password");
        assertThat(database.queryForLong("SELECT count(*) FROM account.credentials WHERE password_hash LIKE '$argon2id$%'"
                + " AND password_hash NOT LIKE '%" + PASSWORD + "%'")).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"Kim\"}", "{\"name\": \"Kim\", \"password\": null}",
            "{\"name\": \"Kim\", \"password\": 123456789012}", "{\"name\": \"Kim\", \"password\": \"elevenchars\"}",
            "{\"name\": \"Kim\", \"password\": \"" + "x129" + "\"}"})
    void aMissingOrUnacceptablePasswordIsInvalidRequestNamingItAndCreatesNobody(String body) {
        long usersBefore = database.queryForLong("SELECT count(*) FROM account.users");
        String sent = body.replace("x129", "x".repeat(129));

        client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON).bodyValue(sent).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("password")
                        .doesNotContain("elevenchars"));
        assertThat(database.queryForLong("SELECT count(*) FROM account.users")).isEqualTo(usersBefore);
    }

    // ---- sign-in

    @Test
    void signInAnswersAShortLivedBearerTokenSignedByTheAppsKeyForThatUser() throws Exception {
        long userId = signUp().userId();

        EntityExchangeResult<Map> answer = client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", userId, "password", PASSWORD)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody(Map.class).returnResult();
        Map<?, ?> body = answer.getResponseBody();

        assertThat(body.keySet().stream().map(Object::toString).toList())
                .containsExactlyInAnyOrder("accessToken", "tokenType", "expiresIn", "userId");
        assertThat(body.get("tokenType")).isEqualTo("Bearer");
        assertThat(body.get("expiresIn")).isEqualTo(900);
        assertThat(body.get("userId")).isEqualTo((int) userId);
        SignedJWT jwt = SignedJWT.parse((String) body.get("accessToken"));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(SIGNING_KEY.keyId());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(Long.toString(userId));
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
        assertThat(Duration.between(Instant.now(), jwt.getJWTClaimsSet().getExpirationTime().toInstant()))
                .isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheVerySameRefusal() {
        long userId = signUp().userId();

        String wrongPassword = refusedSignIn(Map.of("userId", userId, "password", "not the password at all"));
        String unknownUser = refusedSignIn(Map.of("userId", 987_654_321L, "password", PASSWORD));
        String impossiblePassword = refusedSignIn(Map.of("userId", userId, "password", "short"));

        assertThat(wrongPassword).isEqualTo(unknownUser).isEqualTo(impossiblePassword)
                .contains("\"code\":\"INVALID_CREDENTIALS\"").doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"userId\": 1}", "{\"password\": \"twelve chars!\"}", "{\"userId\": \"1\", \"password\": \"twelve chars!\"}",
            "{\"userId\": 0, \"password\": \"twelve chars!\"}", "{\"userId\": 1, \"password\": 5}", "[]", "{"})
    void aSignInThatIsNotOneIsInvalidRequest(String body) {
        client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
    }

    @Test
    void theJwkSetPublishesTheSigningKeyWithItsKeyIdAndNoPrivatePart() {
        Map<?, ?> jwks = client.get().uri("/api/v1/auth/jwks").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        Map<?, ?> key = (Map<?, ?>) ((java.util.List<?>) jwks.get("keys")).get(0);
        assertThat(key.get("kid")).isEqualTo(SIGNING_KEY.keyId());
        assertThat(key.get("kty")).isEqualTo("RSA");
        assertThat(key.get("alg")).isEqualTo("RS256");
        assertThat(key.keySet().stream().map(Object::toString).toList()).doesNotContain("d", "p", "q", "dp", "dq", "qi");
    }

    // ---- charges with an Idempotency-Key

    @Test
    void aRetriedChargeWithTheSameKeyGetsTheFirstAnswerAndIsCreditedOnce() {
        SignedIn user = signUp();
        WebTestClient asUser = as(user);

        String first = charge(asUser, user.userId(), 5_000, "retry-1").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        charge(asUser, user.userId(), 1_000, null).expectStatus().isOk();
        String retried = charge(asUser, user.userId(), 5_000, "retry-1").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        charge(asUser, user.userId(), 7_000, "retry-1").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        charge(asUser, user.userId(), 7_000, "k".repeat(65)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("Idempotency-Key"));

        assertThat(retried).isEqualTo(first).contains("\"balance\":5000");
        assertThat(database.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + user.userId())).isEqualTo(6_000);
        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = " + user.userId())).isEqualTo(2);
    }

    // ---- start-up refusals

    @Test
    void withRealServersAndNoSigningKeyTheAppRefusesToStartNamingTheSetting() {
        assertThatThrownBy(() -> startAnotherInstance("stagedoor.identity.signing-key=").close())
                .rootCause().hasMessageContaining("stagedoor.identity.signing-key")
                .hasMessageContaining("STAGEDOOR_IDENTITY_SIGNING_KEY")
                // the identity check runs first, not the queue's refusal of a token key it cannot derive
                .hasMessageNotContaining("stagedoor.queue.token-key");
    }

    @Test
    void anAdminKeyShorterThanThirtyTwoCharactersStopsTheStart() {
        assertThatThrownBy(() -> startAnotherInstance("stagedoor.admin-key=" + "k".repeat(31)).close())
                .rootCause().hasMessageContaining("stagedoor.admin-key").hasMessageContaining("at least 32 characters");
    }

    /** The refusal's body, less its request id. */
    private String refusedSignIn(Map<String, Object> body) {
        return withoutRequestId(client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange()
                .expectStatus().isUnauthorized()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static WebTestClient.ResponseSpec charge(WebTestClient via, long userId, long amount, String key) {
        WebTestClient.RequestBodySpec request = via.post().uri("/api/v1/users/{id}/balance/charges", userId)
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.bodyValue(Map.of("amount", amount)).exchange();
    }
}
