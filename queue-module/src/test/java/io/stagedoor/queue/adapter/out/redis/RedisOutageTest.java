package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueUnavailableException;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Redis unreachable: joins, status reads and the gate's check answer QUEUE_UNAVAILABLE fast, and the breaker opens. */
class RedisOutageTest {

    private LettuceConnectionFactory deadRedis;
    private QueueFixture queue;

    @BeforeEach
    void pointAtAClosedPort() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        deadRedis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", closedPort));
        deadRedis.afterPropertiesSet();
        deadRedis.start();
        queue = new QueueFixture(deadRedis, new RoomSettings(10, 100, 600, false), Duration.ofMinutes(2),
                Duration.ofSeconds(1));
    }

    @AfterEach
    void close() {
        deadRedis.destroy();
    }

    @Test
    void joinStatusAndValidationAnswerQueueUnavailableWithRetryAfterWithinBoundedTime() {
        String someToken = "1.1.AAAAAAAAAAAAAAAAAAAAAA";
        long started = System.nanoTime();

        assertThatThrownBy(() -> queue.join.join(new JoinQueueCommand(1, 1)).block())
                .isInstanceOfSatisfying(QueueUnavailableException.class, e -> {
                    assertThat(e.kind().status()).isEqualTo(503);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
                    assertThat(e.code()).isEqualTo("QUEUE_UNAVAILABLE");
                });
        assertThatThrownBy(() -> queue.status.status(someToken).block()).isInstanceOf(QueueUnavailableException.class);
        assertThatThrownBy(() -> queue.tokens.validate(someToken).block()).isInstanceOf(QueueUnavailableException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void afterRepeatedFailuresTheBreakerOpensAndCallsFailAtOnceEvenFromAnEventLoop() {
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> queue.tokens.validate("1.1.AAAAAAAAAAAAAAAAAAAAAA").block())
                    .isInstanceOf(QueueUnavailableException.class);
        }
        assertThat(queue.redis.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        long started = System.nanoTime();
        // subscribed on a non-blocking thread: an open breaker must not even try to connect
        assertThatThrownBy(() -> Mono.defer(() -> queue.tokens.validate("1.1.AAAAAAAAAAAAAAAAAAAAAA"))
                .subscribeOn(Schedulers.parallel()).block())
                .isInstanceOf(QueueUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void theAdmissionTickSurvivesAnOutage() {
        assertThat(queue.admission.admitAll().onErrorResume(e -> Mono.just(-1)).block()).isEqualTo(-1);
    }
}
