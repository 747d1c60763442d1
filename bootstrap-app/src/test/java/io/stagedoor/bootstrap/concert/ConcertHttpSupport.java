package io.stagedoor.bootstrap.concert;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * What the concert HTTP tests share: operator set-up through the admin API, users through the account API, and real
 * ACTIVE queue tokens through the waiting room (join, then poll the status until admitted).
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

    protected long newUser() {
        Map<?, ?> user = client.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Fan\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) user.get("userId")).longValue();
    }

    /** A fresh user with an ACTIVE queue token for the concert. */
    protected String admittedToken(long concertId) {
        return admittedToken(newUser(), concertId);
    }

    protected String admittedToken(long userId, long concertId) {
        Map<?, ?> joined = client.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userId\": " + userId + ", \"concertId\": " + concertId + "}")
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody(Map.class).returnResult().getResponseBody();
        String token = (String) joined.get("token");
        Instant deadline = Instant.now().plusSeconds(20);
        String status = (String) joined.get("status");
        while (!"ACTIVE".equals(status)) {
            assertThat(Instant.now()).as("token of user %d admitted in time", userId).isBefore(deadline);
            sleep(100);
            status = (String) client.get().uri("/api/v1/queue/status").header("Queue-Token", token)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("status");
        }
        return token;
    }

    protected List<String> admittedTokens(long concertId, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long userId = newUser();
            tokens.add(client.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"userId\": " + userId + ", \"concertId\": " + concertId + "}")
                    .exchange()
                    .expectStatus().is2xxSuccessful()
                    .expectBody(Map.class).returnResult().getResponseBody().get("token").toString());
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

    protected WebTestClient.ResponseSpec hold(WebTestClient via, String token, long scheduleId, String seatNumber) {
        return via.post().uri("/api/v1/reservations")
                .header("Queue-Token", token)
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
