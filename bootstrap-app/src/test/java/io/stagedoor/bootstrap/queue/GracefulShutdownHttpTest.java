package io.stagedoor.bootstrap.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.AppInstanceProcess;
import io.stagedoor.bootstrap.support.AppInstanceProcess.EventStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

/**
 * SIGTERM to an instance (graceful shutdown) ends its open event streams with a last error event QUEUE_UNAVAILABLE
 * that says when to retry, and the instance is gone within 5 s instead of waiting out the graceful-shutdown timeout
 * for streams that never end on their own. The instance runs as a process of its own ({@link AppInstanceProcess}), so
 * that the signal is real.
 */
class GracefulShutdownHttpTest extends QueueHttpSupport {

    @Test
    void stoppingAnInstanceEndsItsEventStreamsWithARetryHintAndTakesAtMostFiveSeconds() throws Exception {
        tune(16, "{\"paused\": true}");
        String token = (String) joined(newUser(), 16).get("token");
        try (AppInstanceProcess instance = AppInstanceProcess.start("graceful-shutdown", appProperties(), List.of())) {
            EventStream stream = instance.openEventStream(token);

            long stopping = System.nanoTime();
            instance.terminate();
            List<ServerSentEvent<Map<String, Object>>> events = stream.untilEnd(Duration.ofSeconds(5));
            assertThat(instance.awaitExit(Duration.ofSeconds(10))).as("the instance stops").isTrue();
            Duration stop = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(stop).as("SIGTERM to exit with an open stream").isLessThan(Duration.ofSeconds(5));
            assertThat(events.get(0).data().get("status")).isEqualTo("WAITING");
            EventStream.assertEndsWithRetryHint(events);
        }
    }
}
