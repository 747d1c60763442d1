package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.testsupport.TcpProxy;
import io.stagedoor.testsupport.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Redis gone: joins and status answer 503 QUEUE_UNAVAILABLE with Retry-After in bounded time; the gate fails closed. */
@Import(QueueHttpSupport.QueueProbes.class)
class QueueOutageHttpTest extends QueueHttpSupport {

    private static TcpProxy redisProxy;

    @DynamicPropertySource
    static void redisThroughAProxy(DynamicPropertyRegistry registry) {
        var redisServer = TestServers.redis();
        redisProxy = new TcpProxy(redisServer.host(), redisServer.port());
        propertyOverrides.put("spring.data.redis.port", () -> Integer.toString(redisProxy.port()));
    }

    @AfterAll
    static void closeProxy() {
        redisProxy.close();
    }

    @Test
    void withRedisDownJoinsStatusAndGatedRoutesAnswerQueueUnavailableAndNobodyGetsThrough() {
        long user = newUser();
        String token = (String) joined(user, 31).get("token");
        redisProxy.cut();
        try {
            for (WebTestClient.RequestHeadersSpec<?> request : java.util.List.of(
                    client.post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue("{\"userId\": " + user + ", \"concertId\": 31}"),
                    client.get().uri("/api/v1/queue/status").header("Queue-Token", token),
                    client.get().uri("/api/v1/queue-probe/concerts/31").header("Queue-Token", token))) {
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
}
