package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.bootstrap.support.TestSigningKey;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The bearer check over HTTP: a good token reaches the route; a missing token and every kind of unusable token get
 * 401 UNAUTHENTICATED problem+json with {@code WWW-Authenticate: Bearer}, and nothing is done.
 */
class BearerTokenHttpTest extends StagedoorAppTest {

    /** A key the app has never accepted (as after it was rotated out). */
    private static final TestSigningKey STRANGER_KEY = TestSigningKey.generate();

    private long userId;
    private String balancePath;

    @BeforeEach
    void aSignedInUser() {
        userId = signUp().userId();
        balancePath = "/api/v1/users/" + userId + "/balance";
    }

    @Test
    void aValidTokenReachesTheRoute() {
        bearer(accessTokenFor(userId)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(userId);
    }

    @Test
    void noTokenIsUnauthenticatedWithABearerChallenge() {
        client.get().uri(balancePath).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNAUTHENTICATED")
                .jsonPath("$.type").isEqualTo("https://stagedoor.dev/problems/unauthenticated")
                .jsonPath("$.instance").isEqualTo(balancePath);
    }

    @Test
    void everyUnusableTokenIsUnauthenticated() {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", SIGNING_KEY.sign(claims(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))).build()));
        tokens.put("not yet valid", SIGNING_KEY.sign(claims(now, now.plus(Duration.ofHours(2)))
                .notBeforeTime(Date.from(now.plus(Duration.ofHours(1)))).build()));
        tokens.put("without expiry", SIGNING_KEY.sign(new JWTClaimsSet.Builder().issuer(ISSUER)
                .subject(Long.toString(userId)).issueTime(Date.from(now)).build()));
        tokens.put("badly signed", STRANGER_KEY.sign(claims(now, now.plus(Duration.ofMinutes(10))).build()));
        tokens.put("signed by a key with the app's kid but another secret", withSignatureOf(
                SIGNING_KEY.accessToken(ISSUER, userId, Duration.ofMinutes(10)), STRANGER_KEY));
        tokens.put("from another issuer", SIGNING_KEY.sign(claims(now, now.plus(Duration.ofMinutes(10)))
                .issuer("https://evil.example.test").build()));
        tokens.put("alg none", new PlainJWT(claims(now, now.plus(Duration.ofMinutes(10))).build()).serialize());
        tokens.put("HS256 with the public key as secret", hmacWithPublicKey(claims(now, now.plus(Duration.ofMinutes(10))).build()));
        tokens.put("tampered payload", tamperedSubject(SIGNING_KEY.accessToken(ISSUER, userId + 1, Duration.ofMinutes(10)), userId));
        tokens.put("subject that is no user id", SIGNING_KEY.sign(claims(now, now.plus(Duration.ofMinutes(10)))
                .subject("kim@example.test").build()));
        tokens.put("not a JWT", "definitely-not-a-token");
        tokens.put("three garbage parts", "abc.def.ghi");

        for (Map.Entry<String, String> token : tokens.entrySet()) {
            bearer(token.getValue()).exchange()
                    .expectStatus().value(status -> assertThat(status).as(token.getKey()).isEqualTo(401))
                    .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                            challenge -> assertThat(challenge).as(token.getKey()).startsWith("Bearer"))
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").value(code -> assertThat(code).as(token.getKey()).isEqualTo("UNAUTHENTICATED"))
                    .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).as(token.getKey())
                            .doesNotContain(token.getValue()));
        }
    }

    @Test
    void aRejectedTokenChangesNothing() {
        String expired = SIGNING_KEY.sign(claims(Instant.now().minus(Duration.ofHours(2)), Instant.now().minus(Duration.ofHours(1))).build());

        client.post().uri(balancePath + "/charges").header(HttpHeaders.AUTHORIZATION, "Bearer " + expired)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\": 1000}")
                .exchange().expectStatus().isUnauthorized();

        assertThat(database.queryForLong("SELECT count(*) FROM account.ledger WHERE user_id = " + userId)).isZero();
    }

    @Test
    void aTokenInTheQueryStringIsNotATokenAtAll() {
        client.get().uri(balancePath + "?access_token={t}", accessTokenFor(userId)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void theStatusPollIsOutsideTheBearerCheckEvenWithAGarbageToken() {
        database.execute("INSERT INTO concert.concerts (id, title) VALUES (7001, 'bearer test') ON CONFLICT DO NOTHING");
        String queueToken = (String) as(new SignedIn(userId, accessTokenFor(userId))).post().uri("/api/v1/queue/tokens")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"concertId\": 7001}")
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");

        client.get().uri("/api/v1/queue/status").header("Queue-Token", queueToken)
                .header(HttpHeaders.AUTHORIZATION, "Bearer definitely-not-a-token")
                .exchange().expectStatus().isOk();
    }

    private WebTestClient.RequestHeadersSpec<?> bearer(String token) {
        return client.get().uri(balancePath).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private JWTClaimsSet.Builder claims(Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(Long.toString(userId))
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt));
    }

    /** The header and payload of a token with the signature another key makes over them. */
    private static String withSignatureOf(String token, TestSigningKey key) {
        String[] parts = token.split("\\.");
        String other = key.sign(claimsOf(token));
        return parts[0] + "." + parts[1] + "." + other.split("\\.")[2];
    }

    /** The payload changed to name another user, the signature kept. */
    private static String tamperedSubject(String token, long subject) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"\\d+\"", "\"sub\":\"" + subject + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    /** The classic algorithm confusion: an HMAC whose secret is the verifier's public key. */
    private static String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(SIGNING_KEY.keyId()).build(), claims);
            jwt.sign(new MACSigner(SIGNING_KEY.publicPem().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claimsOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
