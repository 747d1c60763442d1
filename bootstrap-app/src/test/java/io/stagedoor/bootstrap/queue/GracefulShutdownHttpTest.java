package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Stopping an instance (what SIGTERM does: the context closes with graceful shutdown) ends its open event streams with
 * a last error event QUEUE_UNAVAILABLE that says when to retry, and the instance is gone within 5 s instead of waiting
 * out the graceful-shutdown timeout for streams that never end on their own.
 */
class GracefulShutdownHttpTest extends QueueHttpSupport {

    @Test
    void stoppingAnInstanceEndsItsEventStreamsWithARetryHintAndTakesAtMostFiveSeconds() throws Exception {
        tune(16, "{\"paused\": true}");
        String token = (String) joined(newUser(), 16).get("token");
        ConfigurableApplicationContext instance = startAnotherInstance();
        CountDownLatch streaming = new CountDownLatch(1);
        CompletableFuture<List<ServerSentEvent<Map<String, Object>>>> received = clientFor(portOf(instance)).get()
                .uri("/api/v1/queue/events").header("Queue-Token", token).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .getResponseBody()
                .doOnNext(event -> streaming.countDown())
                .filter(event -> event.event() != null)
                .collectList()
                .toFuture();
        assertThat(streaming.await(10, TimeUnit.SECONDS)).as("the stream is open").isTrue();

        long stopping = System.nanoTime();
        instance.close();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);

        List<ServerSentEvent<Map<String, Object>>> events = received.get(5, TimeUnit.SECONDS);
        assertThat(stop).as("graceful stop with an open stream").isLessThan(Duration.ofSeconds(5));
        assertThat(events.get(0).data().get("status")).isEqualTo("WAITING");
        ServerSentEvent<Map<String, Object>> last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("error");
        assertThat(last.data().get("code")).isEqualTo("QUEUE_UNAVAILABLE");
        assertThat((String) last.data().get("detail")).contains("retry after 1 s");
    }
}
