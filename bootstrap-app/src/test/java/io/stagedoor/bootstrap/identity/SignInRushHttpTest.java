package io.stagedoor.bootstrap.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Concurrently;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * A sign-in rush against a deliberately small hashing pool (one thread, two waiting places, a hash of about a second):
 * what does not fit is refused at once with 503 and Retry-After, and the rest of the app keeps answering meanwhile.
 */
class SignInRushHttpTest extends StagedoorAppTest {

    private static final int RUSH = 12;
    private static final int THREADS = 1;
    private static final int QUEUE = 2;

    /** The cost replaces the base's cheap test cost (an override); the pool's size is this class's own. */
    @DynamicPropertySource
    static void smallExpensivePool(DynamicPropertyRegistry registry) {
        propertyOverrides.put("stagedoor.account.password-hashing.memory-kib", () -> "65536");
        propertyOverrides.put("stagedoor.account.password-hashing.iterations", () -> "4");
        registry.add("stagedoor.account.password-hashing.threads", () -> Integer.toString(THREADS));
        registry.add("stagedoor.account.password-hashing.queue", () -> Integer.toString(QUEUE));
    }

    @Test
    void aRushBeyondThePoolIsRefusedWith503AtOnceWhileOtherRoutesKeepAnswering() throws Exception {
        long userId = signUp().userId();

        CompletableFuture<List<EntityExchangeResult<String>>> rush = CompletableFuture.supplyAsync(() -> {
            try {
                return Concurrently.run(RUSH, i -> client.post().uri("/api/v1/auth/tokens")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("userId", userId, "password", PASSWORD))
                        .exchange().expectBody(String.class).returnResult());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        long started = System.nanoTime();
        client.get().uri("/api/v1/concerts").exchange().expectStatus().isOk();
        Duration otherWork = Duration.ofNanos(System.nanoTime() - started);
        List<EntityExchangeResult<String>> answers = rush.get();

        // A sign-in the pool took may still miss the request deadline when the machine is overloaded (CI shares two
        // cores): that answer is the deadline's 503, not the pool's refusal, so the two are told apart by detail.
        List<EntityExchangeResult<String>> pastDeadline = answers.stream()
                .filter(a -> a.getStatus().value() == 503 && a.getResponseBody().contains("did not complete within"))
                .toList();
        List<EntityExchangeResult<String>> refused = answers.stream()
                .filter(a -> a.getStatus().value() == 503 && !pastDeadline.contains(a)).toList();
        List<EntityExchangeResult<String>> signedIn = answers.stream().filter(a -> a.getStatus().value() == 200).toList();
        assertThat(signedIn.size() + refused.size() + pastDeadline.size()).as("every answer is a token or a refusal: %s",
                answers.stream().map(a -> a.getStatus() + " " + a.getResponseBody()).toList()).isEqualTo(RUSH);
        assertThat(signedIn.size() + pastDeadline.size()).as("only what the pool took ran: at most one running and two"
                + " waiting at any moment").isBetween(1, RUSH - refused.size());
        assertThat(refused.size()).isGreaterThanOrEqualTo(RUSH - THREADS - QUEUE - 2);
        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getResponseBody()).contains("\"code\":\"SERVICE_UNAVAILABLE\"");
        });
        assertThat(otherWork).as("a public read during the rush").isLessThan(Duration.ofSeconds(2));
    }
}
