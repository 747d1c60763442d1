package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * The event streams can't be flooded (docs/queue.md, Event streams): one live stream per token (a newer one ends the
 * older, even when they race), a cap per instance beyond which a new stream is 503 with Retry-After, and streams read
 * the room's picture, not Redis, so a flood of them neither loads Redis nor trips the breaker everybody's queue calls
 * share.
 */
class EventStreamLimitsHttpTest extends QueueHttpSupport {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS =
            new ParameterizedTypeReference<>() { };

    @Autowired
    private CircuitBreaker queueRedisBreaker;
    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void fastTicks(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.2S");
    }

    @Test
    void aSecondStreamOfATokenEndsTheFirst() throws InterruptedException {
        tune(51, "{\"paused\": true}");
        String token = (String) joined(newUser(), 51).get("token");
        Stream first = Stream.open(port, token);
        assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), () -> first.events() > 0)).isTrue();

        Stream second = Stream.open(port, token);
        try {
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), first::ended))
                    .as("the first stream ended").isTrue();
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), () -> second.events() > 0)).isTrue();
            pause(1500);
            assertThat(second.ended()).as("the newer stream stays").isFalse();
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void beyondTheInstanceCapANewStreamIs503WithRetryAfter() throws InterruptedException {
        tune(52, "{\"paused\": true}");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add((String) joined(newUser(), 52).get("token"));
        }
        ConfigurableApplicationContext capped = startAnotherInstance("stagedoor.queue.tick=PT0.2S",
                "stagedoor.queue.event-streams-max=2");
        int cappedPort = portOf(capped);
        Stream first = Stream.open(cappedPort, tokens.get(0));
        Stream second = Stream.open(cappedPort, tokens.get(1));
        try {
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50),
                    () -> first.events() > 0 && second.events() > 0)).isTrue();

            clientFor(cappedPort).get().uri("/api/v1/queue/events").header("Queue-Token", tokens.get(2))
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.code").isEqualTo("QUEUE_UNAVAILABLE");
            Stream again = Stream.open(cappedPort, tokens.get(0));
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), () -> again.events() > 0))
                    .as("at the cap, a token's own new stream still replaces its old one").isTrue();
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), first::ended)).isTrue();

            again.close();
            pause(300); // the server sees the client go
            Stream third = Stream.open(cappedPort, tokens.get(2));
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), () -> third.events() > 0))
                    .as("a freed slot takes a new stream").isTrue();
            third.close();
        } finally {
            second.close();
            first.close();
            capped.close();
        }
    }

    @Test
    void aStreamFloodNeitherReachesRedisNorTripsTheBreakerForOthers() throws InterruptedException {
        tune(53, "{\"paused\": true}");
        String flooder = (String) joined(newUser(), 53).get("token");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add((String) joined(newUser(), 53).get("token"));
        }
        awaitAnsweredFromMemory(others.get(19)); // the picture shows them all
        CircuitBreaker.Metrics metrics = queueRedisBreaker.getMetrics();
        long failedBefore = metrics.getNumberOfFailedCalls();
        long redisBefore = RedisCommandCount.calls(redis, "zrank");
        double watchedBefore = watchedStreams();

        List<Stream> flood = new ArrayList<>();
        try {
            // one token, 150 streams racing each other on both event loops (each one ends the one before it, from its
            // own loop, often while that one's response is still subscribing); and one stream each for 20 other waiters
            for (int i = 0; i < 150; i++) {
                flood.add(Stream.open(port, flooder));
            }
            for (String token : others) {
                flood.add(Stream.open(port, token));
            }
            boolean settled = Polling.within(Duration.ofSeconds(15), Duration.ofMillis(100), () -> open(flood) == 21);
            assertThat(settled).as("one stream of the flooding token is left, and each other waiter's; open: %d of the"
                    + " flooder's, %d of the others'; ended with an error: %d; streams the server watches: %.0f",
                    open(flood.subList(0, 150)), open(flood.subList(150, flood.size())),
                    flood.stream().filter(Stream::failed).count(), watchedStreams()).isTrue();

            Stream survivor = flood.subList(0, 150).stream().filter(stream -> !stream.ended()).findFirst().orElseThrow();
            Stream newest = Stream.open(port, flooder);
            flood.add(newest);
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50),
                    () -> newest.events() > 0 && survivor.ended()))
                    .as("the token's newest stream runs and ends the one left from the flood").isTrue();
            pause(2500); // a few re-reads of every stream

            assertThat(newest.ended()).as("the newest stream stays").isFalse();
            assertThat(open(flood)).isEqualTo(21);
            assertThat(RedisCommandCount.calls(redis, "zrank") - redisBefore)
                    .as("status reads that reached Redis for 171 streams").isLessThanOrEqualTo(2);
            assertThat(queueRedisBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(metrics.getNumberOfFailedCalls() - failedBefore).isZero();
            join(client, newUser(), 53).expectStatus().isCreated();
            assertThat(status(client, others.get(19)).get("position")).isEqualTo(21);
            assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(50), () -> watchedStreams() == watchedBefore + 21))
                    .as("the server watches the 21 streams left, no more: %.0f", watchedStreams() - watchedBefore).isTrue();
        } finally {
            flood.forEach(Stream::close);
        }
        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(50), () -> watchedStreams() == watchedBefore))
                .as("every watch ends with its stream: %.0f left", watchedStreams() - watchedBefore).isTrue();
    }

    /** Polls {@code token}'s status until a poll costs Redis no status read: the room's picture shows the token. */
    private void awaitAnsweredFromMemory(String token) throws InterruptedException {
        assertThat(Polling.within(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
            long before = RedisCommandCount.calls(redis, "zrank");
            status(client, token);
            return RedisCommandCount.calls(redis, "zrank") == before;
        })).as("the room's picture answers its last waiter").isTrue();
    }

    /** The server's own count of its streams' status watches ({@code stagedoor_sse_streams}). */
    private double watchedStreams() {
        return meters.get("stagedoor.sse.streams").gauge().value();
    }

    private static long open(List<Stream> streams) {
        return streams.stream().filter(stream -> !stream.ended()).count();
    }

    /** One event stream read by a real HTTP client. */
    private record Stream(Disposable subscription, AtomicInteger received, AtomicInteger done) {

        static Stream open(int port, String token) {
            AtomicInteger received = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            Disposable subscription = WebClient.create("http://localhost:" + port).get().uri("/api/v1/queue/events")
                    .header("Queue-Token", token).accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve().bodyToFlux(EVENTS)
                    .subscribe(event -> received.incrementAndGet(), error -> done.set(2), () -> done.set(1));
            return new Stream(subscription, received, done);
        }

        int events() {
            return received.get();
        }

        boolean ended() {
            return done.get() != 0;
        }

        boolean failed() {
            return done.get() == 2;
        }

        void close() {
            subscription.dispose();
        }
    }
}
