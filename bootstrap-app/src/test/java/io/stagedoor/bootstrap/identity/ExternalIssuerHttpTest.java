package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.bootstrap.support.TestSigningKey;
import io.stagedoor.testsupport.Concurrently;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * External OpenID Connect issuer mode with real signed tokens: this test is the provider. It serves its discovery
 * document and JWK Set over HTTP and signs tokens with its own key; the app validates them with nothing mocked.
 */
class ExternalIssuerHttpTest extends StagedoorAppTest {

    private static final TestSigningKey PROVIDER_KEY = TestSigningKey.generate();
    private static final long CONCERT = 9_001;
    private static HttpServer provider;
    private static String issuer;

    /** For this class's app, and as overrides for every other instance it starts. */
    @DynamicPropertySource
    static void externalIssuer(DynamicPropertyRegistry registry) {
        provider = startProvider();
        Map.<String, Supplier<String>>of(
                "stagedoor.identity.external.issuer-uri", () -> issuer,
                "stagedoor.identity.external.jwk-set-uri", () -> issuer + "/jwks").forEach((name, value) -> {
                    registry.add(name, value::get);
                    propertyOverrides.put(name, value);
                });
    }

    @AfterAll
    static void stopProvider() {
        provider.stop(0);
    }

    @BeforeEach
    void aConcertToJoin() {
        database.execute("INSERT INTO concert.concerts (id, title) VALUES (" + CONCERT + ", 'external test') ON CONFLICT DO NOTHING");
    }

    @Test
    void aFirstSeenSubjectBecomesOneUserUnderConcurrentFirstRequestsOnTwoInstances() throws Exception {
        // the second instance knows only the issuer and finds the JWK Set through the discovery document
        ConfigurableApplicationContext second = startAnotherInstance("stagedoor.identity.external.jwk-set-uri=");
        try {
            List<WebTestClient> instances = List.of(client, clientFor(portOf(second)));
            String token = providerToken("fan-on-two-instances", "Fan Two");

            List<EntityExchangeResult<Map>> joins = Concurrently.run(16, i -> instances.get(i % 2).post()
                    .uri("/api/v1/queue/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"concertId\": " + CONCERT + "}")
                    .exchange().expectBody(Map.class).returnResult());

            assertThat(joins).allSatisfy(join -> assertThat(join.getStatus().is2xxSuccessful()).as(join.toString()).isTrue());
            assertThat(new HashSet<>(joins.stream().map(join -> join.getResponseBody().get("userId")).toList())).hasSize(1);
            assertThat(joins.stream().filter(join -> join.getStatus().value() == 201)).hasSize(1);
            long userId = ((Number) joins.get(0).getResponseBody().get("userId")).longValue();
            assertThat(database.queryForLong("SELECT count(*) FROM account.external_identities"
                    + " WHERE subject = 'fan-on-two-instances'")).isEqualTo(1);
            assertThat(database.queryForLong("SELECT user_id FROM account.external_identities"
                    + " WHERE subject = 'fan-on-two-instances'")).isEqualTo(userId);
            assertThat(database.queryForLong("SELECT count(*) FROM account.users WHERE name = 'Fan Two'")).isEqualTo(1);
            assertThat(database.queryForLong("SELECT count(*) FROM account.credentials WHERE user_id = " + userId)).isZero();
        } finally {
            second.close();
        }
    }

    @Test
    void theUserIsTheSubjectsUserAndActsOnlyForItself() {
        String token = providerToken("returning-fan", "Returning Fan");
        long userId = ((Number) join(token).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("userId")).longValue();

        client.get().uri("/api/v1/users/{id}/balance", userId).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo(0);
        client.get().uri("/api/v1/users/{id}/balance", userId + 1).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isForbidden();
        String again = providerToken("returning-fan", "Returning Fan");
        join(again).expectStatus().isOk().expectBody().jsonPath("$.userId").isEqualTo(userId);
    }

    @Test
    void signUpSignInAndTheBuiltInKeysDoNotExist() {
        client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Kim", "password", PASSWORD)).exchange()
                .expectStatus().isNotFound();
        client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", 1, "password", PASSWORD)).exchange()
                .expectStatus().isNotFound();
        client.get().uri("/api/v1/auth/jwks").exchange().expectStatus().isNotFound();
    }

    @Test
    void tokensTheProviderDidNotIssueOrThatNameNoSubjectAreUnauthenticated() {
        Instant now = Instant.now();
        Map<String, String> tokens = Map.of(
                "the app's own key", SIGNING_KEY.accessToken(ISSUER, 1, Duration.ofMinutes(5)),
                "another issuer", PROVIDER_KEY.sign(new JWTClaimsSet.Builder().issuer("https://other.example.test")
                        .subject("x").expirationTime(Date.from(now.plusSeconds(300))).build()),
                "no subject", PROVIDER_KEY.sign(new JWTClaimsSet.Builder().issuer(issuer)
                        .expirationTime(Date.from(now.plusSeconds(300))).build()),
                "expired", PROVIDER_KEY.sign(new JWTClaimsSet.Builder().issuer(issuer).subject("late")
                        .expirationTime(Date.from(now.minusSeconds(600))).build()));

        tokens.forEach((what, token) -> join(token).expectStatus()
                .value(status -> assertThat(status).as(what).isEqualTo(401)));
        assertThat(database.queryForLong("SELECT count(*) FROM account.external_identities WHERE subject = 'late'")).isZero();
    }

    private WebTestClient.ResponseSpec join(String token) {
        return client.post().uri("/api/v1/queue/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"concertId\": " + CONCERT + "}").exchange();
    }

    private static String providerToken(String subject, String name) {
        Instant now = Instant.now();
        return PROVIDER_KEY.sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience("stagedoor")
                .claim("name", name)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .build());
    }

    /** The provider: its OpenID discovery document and its JWK Set, on a free port. */
    private static HttpServer startProvider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            issuer = "http://127.0.0.1:" + server.getAddress().getPort();
            server.createContext("/.well-known/openid-configuration", exchange -> respond(exchange,
                    "{\"issuer\": \"" + issuer + "\", \"jwks_uri\": \"" + issuer + "/jwks\","
                            + " \"subject_types_supported\": [\"public\"], \"response_types_supported\": [\"code\"],"
                            + " \"id_token_signing_alg_values_supported\": [\"RS256\"]}"));
            server.createContext("/jwks", exchange -> respond(exchange, PROVIDER_KEY.publicJwkSet()));
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
