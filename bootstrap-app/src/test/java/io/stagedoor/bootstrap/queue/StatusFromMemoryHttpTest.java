package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Status from memory on two app instances (docs/queue.md): waiters' polls are answered from each instance's picture
 * without Redis, and heartbeats gathered in memory keep a polling waiter's place while a silent one is swept. FIFO and capacity on two instances, with every status read this way: TwoInstanceAdmissionHttpTest.
 */
class StatusFromMemoryHttpTest extends QueueHttpSupport {

    private static final String[] FAST = {"stagedoor.queue.tick=PT0.2S", "stagedoor.queue.abandon-after=PT3S"};

    @DynamicPropertySource
    static void fastTicksShortGrace(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.2S");
        registry.add("stagedoor.queue.abandon-after", () -> "PT3S");
    }

    @Test
    void pollsOnTwoInstancesAreAnsweredFromTheirPicturesWithoutRedis() {
        tune(41, "{\"paused\": true}");
        ConfigurableApplicationContext second = startAnotherInstance(FAST);
        try {
            WebTestClient other = clientFor(portOf(second));
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tokens.add((String) joined(newUser(), 41).get("token"));
            }
            pause(800); // a few ticks: both instances have a picture with all five

            long before = RedisCommandCount.calls(redis, "zrank");
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < tokens.size(); i++) {
                    Map<?, ?> view = status(round % 2 == 0 ? client : other, tokens.get(i));
                    assertThat(view.get("status")).isEqualTo("WAITING");
                    assertThat(view.get("position")).isEqualTo(i + 1);
                }
            }
            long polledRedis = RedisCommandCount.calls(redis, "zrank") - before;

            assertThat(polledRedis).as("of 100 polls, those that reached Redis").isZero();
        } finally {
            second.close();
        }
    }

    @Test
    void aWaiterPollingOnlyTheOtherInstanceKeepsItsPlaceWhileASilentOneIsSwept() {
        tune(42, "{\"paused\": true}");
        ConfigurableApplicationContext second = startAnotherInstance(FAST);
        try {
            WebTestClient other = clientFor(portOf(second));
            String polling = (String) joined(newUser(), 42).get("token");
            String silent = (String) joined(newUser(), 42).get("token");
            pause(800);

            long before = RedisCommandCount.calls(redis, "zrank");
            for (int i = 0; i < 16; i++) { // 8 s, well past the 3 s grace period
                assertThat(status(other, polling).get("status")).isEqualTo("WAITING");
                pause(500);
            }
            long polledRedis = RedisCommandCount.calls(redis, "zrank") - before;

            assertThat(polledRedis).as("polls that reached Redis (at most those before the other instance's picture)")
                    .isLessThanOrEqualTo(2);
            assertThat(status(client, polling).get("position")).as("still first in line").isEqualTo(1);
            client.get().uri("/api/v1/queue/status").header("Queue-Token", silent).exchange()
                    .expectStatus().isUnauthorized();
            assertThat(redis.template().opsForZSet().size("queue:{42}:waiting").block()).isEqualTo(1);
        } finally {
            second.close();
        }
    }
}
