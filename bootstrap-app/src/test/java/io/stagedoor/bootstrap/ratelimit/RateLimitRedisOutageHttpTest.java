package io.stagedoor.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With Redis unreachable (connecting to it refused, as when the server is stopped), sign-in fails closed, 503 with
 * Retry-After and never a 500 or a hang, while sign-up, which the limits also guard, keeps working; and sign-in
 * works again once Redis is back.
 */
class RateLimitRedisOutageHttpTest extends StagedoorAppTest {

    private static TcpProxy redisProxy;

    @DynamicPropertySource
    static void redisThroughAProxy(DynamicPropertyRegistry registry) {
        var redisServer = TestServers.redis();
        redisProxy = new TcpProxy(redisServer.host(), redisServer.port());
        propertyOverrides.put("spring.data.redis.port", () -> Integer.toString(redisProxy.port()));
        propertyOverrides.put("stagedoor.rate-limit.enabled", () -> "true");
    }

    @AfterEach
    void heal() {
        redisProxy.restore();
    }

    @AfterAll
    static void closeProxy() {
        redisProxy.close();
    }

    @Test
    void signInFailsClosedWith503AndRetryAfterWhileRedisIsDownAndWorksAgainAfter() {
        Map<?, ?> signedUp = client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Fan", "password", PASSWORD))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        long user = ((Number) signedUp.get("userId")).longValue();
        awaitSignInWorks(user); // another test may have had Redis down a moment ago

        redisProxy.shutDown();
        for (int attempt = 0; attempt < 2; attempt++) { // the first asks Redis and times out, the second knows at once
            long started = System.nanoTime();
            signIn(user).expectStatus().isEqualTo(503)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }

        redisProxy.restore();
        awaitSignInWorks(user);
    }

    @Test
    void signUpKeepsWorkingWhileRedisIsDown() {
        redisProxy.shutDown();
        for (int attempt = 0; attempt < 3; attempt++) {
            client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "Fan while Redis is down", "password", PASSWORD))
                    .exchange()
                    .expectStatus().isCreated();
        }
    }

    private void awaitSignInWorks(long user) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (signIn(user).returnResult(Void.class).getStatus().value() != 200) {
            assertThat(Instant.now()).as("sign-in works once Redis answers").isBefore(deadline);
            pause();
        }
    }

    private WebTestClient.ResponseSpec signIn(long userId) {
        return client.post().uri("/api/v1/auth/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userId", userId, "password", PASSWORD))
                .exchange();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
