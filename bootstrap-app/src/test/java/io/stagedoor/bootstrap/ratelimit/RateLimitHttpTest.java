package io.stagedoor.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The rate limits through HTTP on two app instances sharing one Redis: each Redis-kept budget is spent as one whatever
 * instance a request reaches, a refusal is 429 RATE_LIMITED with Retry-After, X-Forwarded-For names the client only
 * when a trusted proxy sent it, and the status poll limit holds per token in each instance's memory.
 *
 * <p>Every rate here is "N per hour" and every status-poll spacing an hour, so no refill can happen while a test runs:
 * the outcomes do not depend on timing, however loaded the machine. Each test counts against addresses (sent as
 * X-Forwarded-For through the trusted loopback "proxy") and users of its own.
 */
class RateLimitHttpTest extends StagedoorAppTest {

    private static final AtomicInteger addresses = new AtomicInteger();
    private static final AtomicInteger strangers = new AtomicInteger(900_000);
    private static ConfigurableApplicationContext second;

    private WebTestClient other;

    @DynamicPropertySource
    static void tightLimits(DynamicPropertyRegistry registry) {
        propertyOverrides.put("stagedoor.rate-limit.enabled", () -> "true");
        registry.add("stagedoor.http.trusted-proxies", () -> "127.0.0.1/32,::1/128");
        registry.add("stagedoor.rate-limit.sign-in-per-user", () -> "3/PT1H");
        registry.add("stagedoor.rate-limit.sign-in-per-address", () -> "4/PT1H");
        registry.add("stagedoor.rate-limit.sign-up-per-address", () -> "3/PT1H");
        registry.add("stagedoor.rate-limit.join-per-address", () -> "3/PT1H");
        registry.add("stagedoor.rate-limit.join-per-user", () -> "2/PT1H");
        registry.add("stagedoor.rate-limit.status-poll-burst", () -> "3");
        registry.add("stagedoor.rate-limit.status-poll-spacing", () -> "PT1H");
    }

    @BeforeEach
    void secondInstanceAndConcerts() {
        if (second == null) {
            second = startAnotherInstance(
                    "stagedoor.http.trusted-proxies=127.0.0.1/32,::1/128",
                    "stagedoor.rate-limit.sign-in-per-user=3/PT1H",
                    "stagedoor.rate-limit.sign-in-per-address=4/PT1H",
                    "stagedoor.rate-limit.sign-up-per-address=3/PT1H",
                    "stagedoor.rate-limit.join-per-address=3/PT1H",
                    "stagedoor.rate-limit.join-per-user=2/PT1H",
                    "stagedoor.rate-limit.status-poll-burst=3",
                    "stagedoor.rate-limit.status-poll-spacing=PT1H");
        }
        other = clientFor(portOf(second));
        database.execute("INSERT INTO concert.concerts (id, title) SELECT g, 'Rate limit concert ' || g"
                + " FROM generate_series(1, 10) g ON CONFLICT DO NOTHING");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void signInsOfOneUserShareOneBudgetAcrossInstances() {
        long user = signUpFrom(client, freshAddress());
        signInFrom(client, freshAddress(), user).expectStatus().isOk();
        signInFrom(other, freshAddress(), user).expectStatus().isOk();
        signInFrom(client, freshAddress(), user).expectStatus().isOk();

        EntityExchangeResult<byte[]> refused = signInFrom(other, freshAddress(), user).expectStatus().isEqualTo(429)
                .expectBody().returnResult();
        assertRateLimited(refused, "/api/v1/auth/tokens");
        // three per hour is one per 20 minutes: the next sign-in is that far away, give or take the test's own run
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1000L, 1200L);
    }

    @Test
    void signInsFromOneAddressShareOneBudgetAcrossInstancesWhateverUserTheyName() {
        String address = freshAddress();
        signInFrom(client, address, strangers.incrementAndGet()).expectStatus().isUnauthorized();
        signInFrom(other, address, strangers.incrementAndGet()).expectStatus().isUnauthorized();
        signInFrom(client, address, strangers.incrementAndGet()).expectStatus().isUnauthorized();
        signInFrom(other, address, strangers.incrementAndGet()).expectStatus().isUnauthorized();

        assertRateLimited(signInFrom(client, address, strangers.incrementAndGet()).expectStatus().isEqualTo(429)
                .expectBody().returnResult(), "/api/v1/auth/tokens");
        signInFrom(client, freshAddress(), strangers.incrementAndGet()).expectStatus().isUnauthorized();
    }

    @Test
    void signUpsFromOneAddressShareOneBudgetAcrossInstances() {
        String address = freshAddress();
        signUpFrom(client, address);
        signUpFrom(other, address);
        signUpFrom(client, address);

        assertRateLimited(signUpRequest(other, address).expectStatus().isEqualTo(429).expectBody().returnResult(),
                "/api/v1/users");
        signUpFrom(other, freshAddress());
    }

    @Test
    void joinsOfOneUserShareOneBudgetAcrossInstances() {
        SignedIn fan = fan();
        joinFrom(client, freshAddress(), fan, 1).expectStatus().isCreated();
        joinFrom(other, freshAddress(), fan, 2).expectStatus().isCreated();

        assertRateLimited(joinFrom(client, freshAddress(), fan, 3).expectStatus().isEqualTo(429).expectBody().returnResult(),
                "/api/v1/queue/tokens");
    }

    @Test
    void joinsFromOneAddressShareOneBudgetAcrossInstances() {
        String address = freshAddress();
        joinFrom(client, address, fan(), 4).expectStatus().isCreated();
        joinFrom(other, address, fan(), 4).expectStatus().isCreated();
        joinFrom(client, address, fan(), 4).expectStatus().isCreated();

        assertRateLimited(joinFrom(other, address, fan(), 4).expectStatus().isEqualTo(429).expectBody().returnResult(),
                "/api/v1/queue/tokens");
    }

    @Test
    void theRightMostUntrustedForwardedHopIsTheClient() {
        String client1 = freshAddress();
        // whatever a client writes left of the real hop gives it no fresh budget
        for (int i = 0; i < 3; i++) {
            signUpRequest(client, "198.51.100." + i + ", " + client1).expectStatus().isCreated();
        }
        signUpRequest(client, "198.51.100.99, " + client1).expectStatus().isEqualTo(429);
        // a trusted proxy's own hop on the right is skipped: the client is the one before it
        String client2 = freshAddress();
        for (int i = 0; i < 3; i++) {
            signUpRequest(client, client2 + ", 127.0.0.1").expectStatus().isCreated();
        }
        signUpRequest(client, client2).expectStatus().isEqualTo(429);
    }

    @Test
    void forwardedForIsIgnoredFromAConnectionThatIsNoTrustedProxy() {
        ConfigurableApplicationContext untrusting = startAnotherInstance("stagedoor.http.trusted-proxies=10.0.0.0/8",
                "stagedoor.rate-limit.sign-up-per-address=3/PT1H");
        try {
            WebTestClient direct = clientFor(portOf(untrusting));
            // every sign-up names a new address, but this instance counts them all against the connection (loopback)
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(signUpRequest(direct, freshAddress()).returnResult(Void.class).getStatus().value());
            }
            assertThat(statuses).as("a new X-Forwarded-For each time, refused all the same").contains(429);
            // the same header through the instance that trusts loopback gives that address its own budget
            signUpFrom(client, freshAddress());
        } finally {
            untrusting.close();
        }
    }

    @Test
    void statusPollsFasterThanAllowedAreRefusedPerTokenInEachInstancesMemory() {
        String token = token(fan(), 5);
        String otherToken = token(fan(), 5);
        for (int i = 0; i < 3; i++) {
            poll(client, token).expectStatus().isOk();
        }
        EntityExchangeResult<byte[]> refused = poll(client, token).expectStatus().isEqualTo(429).expectBody().returnResult();
        assertRateLimited(refused, "/api/v1/queue/status");
        Map<?, ?> body = body(refused);
        assertThat(((Number) body.get("pollAfterMillis")).longValue()).isPositive();
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)) * 1000)
                .isGreaterThanOrEqualTo(((Number) body.get("pollAfterMillis")).longValue());

        poll(client, otherToken).expectStatus().isOk();
        // kept in memory, per instance: the other instance has its own count for the token
        poll(other, token).expectStatus().isOk();
    }

    private void assertRateLimited(EntityExchangeResult<byte[]> refused, String path) {
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String retryAfter = refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(retryAfter).as("Retry-After in whole seconds").matches("[1-9][0-9]*");
        Map<?, ?> body = body(refused);
        assertThat(body.get("status")).isEqualTo(429);
        assertThat(body.get("code")).isEqualTo("RATE_LIMITED");
        assertThat(body.get("type")).isEqualTo("https://stagedoor.dev/problems/rate-limited");
        assertThat(body.get("title")).isEqualTo("Too many requests");
        assertThat(body.get("instance")).isEqualTo(path);
    }

    private static Map<?, ?> body(EntityExchangeResult<byte[]> result) {
        try {
            return tools.jackson.databind.json.JsonMapper.builder().build().readValue(result.getResponseBody(), Map.class);
        } catch (RuntimeException e) {
            throw new AssertionError("not JSON: " + new String(result.getResponseBody()), e);
        }
    }

    /** An address of the TEST-NET ranges no other test uses, sent as X-Forwarded-For by the trusted loopback. */
    private static String freshAddress() {
        int n = addresses.incrementAndGet();
        return "203.0." + (n / 250) + "." + (n % 250 + 1);
    }

    private WebTestClient.ResponseSpec signUpRequest(WebTestClient via, String forwardedFor) {
        return via.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", forwardedFor)
                .bodyValue(Map.of("name", "Limited fan", "password", PASSWORD))
                .exchange();
    }

    private long signUpFrom(WebTestClient via, String forwardedFor) {
        Map<?, ?> user = signUpRequest(via, forwardedFor).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) user.get("userId")).longValue();
    }

    private WebTestClient.ResponseSpec signInFrom(WebTestClient via, String forwardedFor, long userId) {
        return via.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", forwardedFor)
                .bodyValue(Map.of("userId", userId, "password", PASSWORD))
                .exchange();
    }

    /** A signed-up user with a bearer token signed as the app signs them (no sign-in spent). */
    private SignedIn fan() {
        long userId = signUpFrom(client, freshAddress());
        return new SignedIn(userId, accessTokenFor(userId));
    }

    private WebTestClient.ResponseSpec joinFrom(WebTestClient via, String forwardedFor, SignedIn fan, long concertId) {
        return via.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, fan.authorization())
                .header("X-Forwarded-For", forwardedFor)
                .bodyValue("{\"concertId\": " + concertId + "}")
                .exchange();
    }

    private String token(SignedIn fan, long concertId) {
        return (String) joinFrom(client, freshAddress(), fan, concertId).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");
    }

    private static WebTestClient.ResponseSpec poll(WebTestClient via, String token) {
        return via.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange();
    }
}
