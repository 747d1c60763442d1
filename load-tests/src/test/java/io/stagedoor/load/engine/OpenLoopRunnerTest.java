package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The open loop against fake servers. Bounds are loose on purpose: these tests must pass with both cores busy, so
 * they assert what a stall does to the percentiles (hundreds of ms) and never a tight timing.
 */
class OpenLoopRunnerTest {

    private static OpenLoopSettings settings(double rate, Duration duration, Duration timeout) {
        return new OpenLoopSettings(rate, Duration.ZERO, duration, 1_000_000, timeout, 10_000);
    }

    @Test
    void sendsTheScheduledNumberOfRequestsWhateverTheAnswersDo() {
        AtomicLong calls = new AtomicLong();

        OpenLoopRunner.OpenLoopResult result = OpenLoopRunner.run("rate", settings(500, Duration.ofMillis(400), Duration.ofSeconds(2)),
                seq -> {
                    calls.incrementAndGet();
                    return Mono.delay(Duration.ofMillis(50)).thenReturn(Outcome.ok()); // far slower than 1 / rate
                });

        // a closed loop of one worker would have sent 8; the open loop sends all 200 due in 400 ms
        assertThat(calls.get()).isEqualTo(200);
        assertThat(result.pass().ok()).isEqualTo(200);
        assertThat(result.pass().latency().p50Ms()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aStalledServerShowsInTheHighPercentilesNotJustInOneRequest() {
        // the server answers in 1 ms, except that nothing it receives between +300 ms and +600 ms is answered before +600 ms
        long[] stall = new long[2];
        OpenLoopSettings s = settings(1_000, Duration.ofMillis(1_500), Duration.ofSeconds(5));
        long start = System.nanoTime();
        stall[0] = start + 300_000_000L;
        stall[1] = start + 600_000_000L;

        OpenLoopRunner.OpenLoopResult result = OpenLoopRunner.run("stall", s, seq -> Mono.defer(() -> {
            long now = System.nanoTime();
            long answerAt = now >= stall[0] && now < stall[1] ? stall[1] : now + 1_000_000;
            return Mono.delay(Duration.ofNanos(Math.max(0, answerAt - now))).thenReturn(Outcome.ok());
        }));

        // ~300 of ~1,500 requests waited on average 150 ms: the p95 and the p99 see the stall, the median does not
        assertThat(result.pass().latency().count()).isEqualTo(1_500);
        assertThat(result.pass().latency().p50Ms()).isLessThan(100);
        assertThat(result.pass().latency().p95Ms()).isGreaterThan(50);
        assertThat(result.pass().latency().p99Ms()).isGreaterThan(200);
        assertThat(result.pass().latency().maxMs()).isGreaterThan(250);
    }

    @Test
    void aGeneratorThatFallsBehindStillChargesTheDelayToTheRequests() {
        // the operation blocks the dispatcher for 300 ms once (a GC pause of the generator, say): the requests due
        // meanwhile leave late, and their latency counts from when they were due
        OpenLoopSettings s = settings(1_000, Duration.ofMillis(1_000), Duration.ofSeconds(5));

        OpenLoopRunner.OpenLoopResult result = OpenLoopRunner.run("late", s, seq -> {
            if (seq == 100) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Mono.just(Outcome.ok());
        });

        assertThat(result.pass().ok()).isEqualTo(1_000);
        assertThat(result.pass().latency().p99Ms()).isGreaterThan(200);
        assertThat(result.sendLag().maxMs()).isGreaterThan(250);
    }

    @Test
    void warmUpRequestsAreSentButNotRecorded() {
        OpenLoopSettings s = new OpenLoopSettings(1_000, Duration.ofMillis(200), Duration.ofMillis(300), 1_000_000,
                Duration.ofSeconds(1), 10_000);

        OpenLoopRunner.OpenLoopResult result = OpenLoopRunner.run("warm", s, seq -> Mono.just(Outcome.ok()));

        assertThat(result.sent()).isEqualTo(500);
        assertThat(result.pass().ok()).isEqualTo(300);
        assertThat(result.pass().latency().count()).isEqualTo(300);
    }

    @Test
    void timeoutsErrorsAndRunningOutOfWorkAreCounted() {
        OpenLoopSettings s = settings(1_000, Duration.ofMillis(100), Duration.ofMillis(100));

        OpenLoopRunner.OpenLoopResult result = OpenLoopRunner.run("mixed", s, seq -> seq >= 60 ? null : switch ((int) (seq % 3)) {
            case 0 -> Mono.just(Outcome.ok());
            case 1 -> Mono.just(Outcome.error("503 SERVICE_UNAVAILABLE"));
            default -> Mono.never();
        });

        assertThat(result.pass().exhausted()).isTrue();
        assertThat(result.pass().ok()).isEqualTo(20);
        assertThat(result.pass().errors()).containsEntry("503 SERVICE_UNAVAILABLE", 20L).containsEntry("timeout", 20L);
        assertThat(result.pass().latency().p99Ms()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aFullBacklogIsCountedAsErrorsWithTheirLatency() {
        OpenLoopSettings s = new OpenLoopSettings(1_000, Duration.ZERO, Duration.ofMillis(100), 1_000, Duration.ofMillis(300), 10);

        OpenLoopRunner.OpenLoopResult result = OpenLoopRunner.run("backlog", s, seq -> Mono.never());

        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.pass().errors()).containsEntry("timeout", 10L).containsEntry("backlog (not sent)", 90L);
    }
}
