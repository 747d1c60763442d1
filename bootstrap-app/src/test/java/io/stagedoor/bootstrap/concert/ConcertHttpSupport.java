package io.stagedoor.bootstrap.concert;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the concert HTTP tests share: operator set-up through the admin API, users signed up and in through the account
 * API, and real ACTIVE queue tokens through the waiting room (join, then poll the status until admitted), each
 * remembered with its owner so that gated calls carry the owner's bearer ({@link #holder}).
 */
abstract class ConcertHttpSupport extends StagedoorAppTest {

    /**
     * Admission rounds every 100 ms, so a test's fans are admitted without a noticeable wait; and a Redis timeout that
     * survives 200 simultaneous gated requests on a 2-core build machine shared with other builds (the default 1 s is
     * a production setting, not what these tests are about); the gate's memory of ACTIVE answers is long enough that a
     * test can see it at work on a busy machine.
     */
    static final String[] QUEUE_TEST_SETTINGS = {"stagedoor.queue.tick=PT0.1S", "stagedoor.queue.redis-timeout=PT5S",
            "stagedoor.queue.gate-cache=PT3S"};

    @DynamicPropertySource
    static void quickAdmission(DynamicPropertyRegistry registry) {
        for (String setting : QUEUE_TEST_SETTINGS) {
            String[] pair = setting.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    private final Map<String, SignedIn> owners = new ConcurrentHashMap<>();

    record CreatedSchedule(long scheduleId, String startsAt, int seats, long price) {
    }

    record CreatedConcert(long concertId, String title, List<CreatedSchedule> schedules) {

        long firstScheduleId() {
            return schedules.get(0).scheduleId();
        }
    }

    /** A concert with one schedule a week from now (50 seats at 130,000 KRW) and a wide-open waiting room. */
    protected CreatedConcert newConcert() {
        return newConcert(client, "{\"startsAt\": \"" + Instant.now().plus(Duration.ofDays(7)) + "\", \"price\": 130000}");
    }

    protected CreatedConcert newConcert(WebTestClient via, String... schedules) {
        CreatedConcert concert = via.post().uri("/api/v1/admin/concerts")
                .header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"HTTP test concert " + System.nanoTime() + "\", \"schedules\": ["
                        + String.join(", ", schedules) + "]}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody(CreatedConcert.class)
                .returnResult().getResponseBody();
        via.put().uri("/api/v1/admin/queues/{concertId}", concert.concertId())
                .header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"activeCapacity\": 1000, \"admissionsPerMinute\": 60000, \"paused\": false}")
                .exchange()
                .expectStatus().isOk();
        return concert;
    }

    protected SignedIn newUser() {
        return signUp();
    }

    /** A fresh signed-in user with an ACTIVE queue token for the concert. */
    protected String admittedToken(long concertId) {
        return admittedToken(newUser(), concertId);
    }

    protected String admittedToken(SignedIn user, long concertId) {
        long userId = user.userId();
        String token = join(user, concertId);
        Instant deadline = Instant.now().plusSeconds(20);
        String status = "WAITING";
        while (!"ACTIVE".equals(status)) {
            assertThat(Instant.now()).as("token of user %d admitted in time", userId).isBefore(deadline);
            status = (String) client.get().uri("/api/v1/queue/status").header("Queue-Token", token)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("status");
            if (!"ACTIVE".equals(status)) {
                sleep(100);
            }
        }
        return token;
    }

    protected List<String> admittedTokens(long concertId, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(join(newUser(), concertId));
        }
        Instant deadline = Instant.now().plusSeconds(30);
        for (String token : tokens) {
            while (!"ACTIVE".equals(client.get().uri("/api/v1/queue/status").header("Queue-Token", token)
                    .exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("status"))) {
                assertThat(Instant.now()).as("all %d tokens admitted in time", count).isBefore(deadline);
                sleep(100);
            }
        }
        return tokens;
    }

    /** Joins the concert's queue as {@code user}; the token, remembered as that user's. */
    private String join(SignedIn user, long concertId) {
        String token = as(user).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"concertId\": " + concertId + "}")
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody(Map.class).returnResult().getResponseBody().get("token").toString();
        owners.put(token, user);
        return token;
    }

    /** The user a token of this test was issued to. */
    protected SignedIn ownerOf(String token) {
        return owners.get(token);
    }

    /** {@link #client} as the token's owner, carrying the token: what a gated call of that fan sends. */
    protected WebTestClient holder(String token) {
        return holder(client, token);
    }

    protected WebTestClient holder(WebTestClient via, String token) {
        return as(via, ownerOf(token)).mutate().defaultHeader("Queue-Token", token).build();
    }

    protected WebTestClient.ResponseSpec hold(WebTestClient via, String token, long scheduleId, String seatNumber) {
        return holder(via, token).post().uri("/api/v1/reservations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"scheduleId\": " + scheduleId + ", \"seatNumber\": " + seatNumber + "}")
                .exchange();
    }

    protected WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.type").isEqualTo("https://stagedoor.dev/problems/" + code.toLowerCase().replace('_', '-'))
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.detail").isNotEmpty();
    }

    /** n contenders on n threads released together by one latch; each one's result in contender order. */
    protected static <T> List<T> race(int n, IntFunction<T> contender) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    start.await();
                    return contender.apply(index);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
