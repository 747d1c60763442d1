package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.stagedoor.testsupport.Polling;
import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestServers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Redis gone: joins and status answer 503 QUEUE_UNAVAILABLE with Retry-After in bounded time (status once this
 * instance's picture of the room is older than three ticks); the gate fails closed.
 * Redis back: the queue answers again within seconds.
 */
@Import(QueueHttpSupport.QueueProbes.class)
class QueueOutageHttpTest extends QueueHttpSupport {

    private static final Duration OUTAGE = Duration.ofSeconds(9);
    private static final Duration GIVE_UP = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Three ticks of the default 1 s (QueueModule, the pictures' age). */
    private static final Duration PICTURE_MAX_AGE = Duration.ofSeconds(3);

    private static TcpProxy redisProxy;

    @Autowired
    ClientResources clientResources;

    @DynamicPropertySource
    static void redisThroughAProxy(DynamicPropertyRegistry registry) {
        var redisServer = TestServers.redis();
        redisProxy = new TcpProxy(redisServer.host(), redisServer.port());
        propertyOverrides.put("spring.data.redis.port", () -> Integer.toString(redisProxy.port()));
        registry.add("stagedoor.queue.breaker-open", () -> "PT1S");
    }

    @AfterAll
    static void closeProxy() {
        redisProxy.close();
    }

    @Test
    void withRedisDownJoinsStatusAndGatedRoutesAnswerQueueUnavailableAndNobodyGetsThrough() throws InterruptedException {
        SignedIn user = newUser();
        String token = (String) joined(user, 31).get("token");
        redisProxy.cut();
        try {
            // a waiter's status may come from this instance's picture of the room until it is older than three ticks
            // (docs/queue.md, Status from memory); then it asks Redis and answers 503 like the rest
            assertThat(Polling.within(PICTURE_MAX_AGE.plusSeconds(4), POLL,
                    () -> status(token).returnResult(String.class).getStatus().value() == 503))
                    .as("status answers 503 once the picture aged out").isTrue();
            for (WebTestClient.RequestHeadersSpec<?> request : java.util.List.of(
                    as(user).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue("{\"concertId\": 31}"),
                    client.get().uri("/api/v1/queue/status").header("Queue-Token", token),
                    as(user).get().uri("/api/v1/queue-probe/concerts/31").header("Queue-Token", token))) {
                long started = System.nanoTime();
                request.exchange()
                        .expectStatus().isEqualTo(503)
                        .expectHeader().exists("Retry-After")
                        .expectBody().jsonPath("$.code").isEqualTo("QUEUE_UNAVAILABLE");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            }
        } finally {
            redisProxy.restore();
        }
    }

    /**
     * Nine seconds down is long enough for Lettuce's default reconnect back-off (doubling up to 30 s) to wait several
     * seconds between attempts; with the app's cap of one second the queue answers again within about a second of
     * Redis coming back, plus a breaker trial. Where the default back-off's attempts happen to fall is luck, so the
     * cap itself is checked by the next test.
     */
    @Test
    void whenRedisComesBackAfterAnOutageTheQueueAnswersAgainWithinSeconds() throws InterruptedException {
        String token = joinOnceRedisAnswers(newUser());
        redisProxy.shutDown(); // refused, as a crashed server's port: a cut that accepts would reset Lettuce's back-off
        try {
            assertThat(Polling.within(PICTURE_MAX_AGE.plusSeconds(4), POLL,
                    () -> status(token).returnResult(String.class).getStatus().value() == 503))
                    .as("status answers 503 once the picture aged out").isTrue();
            for (int i = 0; i < 6; i++) {
                status(token).expectStatus().isEqualTo(503);
            }
            Thread.sleep(OUTAGE.toMillis());
        } finally {
            redisProxy.restore();
        }
        long restored = System.nanoTime();
        boolean answered = Polling.within(GIVE_UP, POLL,
                () -> status(token).returnResult(String.class).getStatus().value() == 200);
        Duration recovery = Duration.ofNanos(System.nanoTime() - restored);

        assertThat(answered).as("status answers 200 again").isTrue();
        assertThat(recovery).isLessThan(Duration.ofSeconds(5));
    }

    /** Another test of this class may have just ended an outage of its own. */
    private String joinOnceRedisAnswers(SignedIn user) throws InterruptedException {
        AtomicReference<Map<?, ?>> joined = new AtomicReference<>();
        Polling.within(GIVE_UP, POLL, () -> {
            var response = join(client, user, 31).returnResult(Map.class);
            if (response.getStatus().is2xxSuccessful()) {
                joined.set(response.getResponseBody().blockFirst(Duration.ofSeconds(5)));
            }
            return joined.get() != null;
        });
        assertThat(joined.get()).as("join before the outage").isNotNull();
        return (String) joined.get().get("token");
    }

    private WebTestClient.ResponseSpec status(String token) {
        return client.get().uri("/api/v1/queue/status").header("Queue-Token", token).exchange();
    }

    @Test
    void whileRedisIsAwayLettuceTriesToReconnectAtLeastOnceASecond() {
        Delay reconnectDelay = clientResources.reconnectDelay();

        for (long attempt = 1; attempt <= 40; attempt++) {
            assertThat(reconnectDelay.createDelay(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
