package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ClosedLoopRunnerTest {

    private static final PassSettings QUICK = new PassSettings(8, Duration.ZERO, Duration.ofSeconds(5), 2_000, Duration.ofSeconds(1));

    @Test
    void stopsAtTheRequestCapWellBeforeTheTimeLimit() {
        AtomicLong calls = new AtomicLong();
        long start = System.nanoTime();

        PassResult result = ClosedLoopRunner.run("cap", QUICK, seq -> {
            calls.incrementAndGet();
            return Mono.just(Outcome.ok());
        });

        assertThat(calls.get()).isEqualTo(2_000);
        assertThat(result.ok()).isEqualTo(2_000);
        assertThat(result.exhausted()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stopsWhenTheOperationRunsOutOfWork() {
        PassResult result = ClosedLoopRunner.run("exhaust", QUICK, seq -> seq < 37 ? Mono.just(Outcome.ok()) : null);

        assertThat(result.ok()).isEqualTo(37);
        assertThat(result.exhausted()).isTrue();
    }

    @Test
    void stopsAtTheTimeLimitWhenTheCapIsFarAway() {
        PassSettings timed = new PassSettings(4, Duration.ZERO, Duration.ofMillis(300), 1_000_000_000L, Duration.ofSeconds(1));
        long start = System.nanoTime();

        PassResult result = ClosedLoopRunner.run("timed", timed, seq -> Mono.delay(Duration.ofMillis(5)).thenReturn(Outcome.ok()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.ok()).isBetween(40L, 4L * 300 / 5 + 4);
    }

    @Test
    void countsRefusalsErrorsAndTimeoutsApart() {
        PassSettings settings = new PassSettings(4, Duration.ZERO, Duration.ofSeconds(5), 40, Duration.ofMillis(50));

        PassResult result = ClosedLoopRunner.run("mixed", settings, seq -> switch ((int) (seq % 4)) {
            case 0 -> Mono.just(Outcome.ok());
            case 1 -> Mono.just(Outcome.refused("409 SEAT_UNAVAILABLE"));
            case 2 -> Mono.just(Outcome.error("HTTP 500"));
            default -> Mono.never();
        });

        assertThat(result.ok()).isEqualTo(10);
        assertThat(result.refused()).isEqualTo(10);
        assertThat(result.errors()).containsEntry("HTTP 500", 10L).containsEntry("timeout", 10L);
        assertThat(result.latency().count()).isEqualTo(40);
    }

    @Test
    void warmUpRequestsAreNotRecorded() {
        PassSettings settings = new PassSettings(2, Duration.ofMillis(200), Duration.ofMillis(200), 1_000_000, Duration.ofSeconds(1));
        AtomicLong calls = new AtomicLong();

        PassResult result = ClosedLoopRunner.run("warm", settings, seq -> {
            calls.incrementAndGet();
            return Mono.delay(Duration.ofMillis(10)).thenReturn(Outcome.ok());
        });

        assertThat(result.ok()).isLessThan(calls.get());
        assertThat(result.latency().count()).isEqualTo(result.ok());
    }

    @Test
    void aWarmUpPassEndsOnceItHasServedItsRequestsLongBeforeItsLimit() {
        PassSettings settings = new PassSettings(4, Duration.ZERO, Duration.ofSeconds(20), 1_000_000_000L, Duration.ofSeconds(1));
        WarmUpBound bound = new WarmUpBound(Duration.ZERO, 500, Duration.ofSeconds(20));
        long start = System.nanoTime();

        PassResult result = ClosedLoopRunner.run("warm-up", settings, seq -> Mono.delay(Duration.ofMillis(1)).thenReturn(Outcome.ok()), bound);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // the workers in flight when the 500th answer came finish their request
        assertThat(result.ok()).isBetween(500L, 500L + settings.concurrency());
    }

    @Test
    void aWarmUpPassThatServedItsRequestsEarlyStillRunsItsMinimumTime() {
        PassSettings settings = new PassSettings(4, Duration.ZERO, Duration.ofSeconds(20), 1_000_000_000L, Duration.ofSeconds(1));
        WarmUpBound bound = new WarmUpBound(Duration.ofMillis(400), 10, Duration.ofSeconds(20));
        long start = System.nanoTime();

        PassResult result = ClosedLoopRunner.run("warm-up", settings, seq -> Mono.delay(Duration.ofMillis(2)).thenReturn(Outcome.ok()), bound);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(10));
        assertThat(result.ok()).isGreaterThan(10);
    }

    @Test
    void errorsDoNotCountTowardsAWarmUpSoAFailingPathRunsToTheLimit() {
        PassSettings settings = new PassSettings(2, Duration.ZERO, Duration.ofMillis(500), 1_000_000_000L, Duration.ofSeconds(1));
        WarmUpBound bound = new WarmUpBound(Duration.ZERO, 5, Duration.ofMillis(500));
        long start = System.nanoTime();

        PassResult result = ClosedLoopRunner.run("warm-up", settings, seq -> Mono.delay(Duration.ofMillis(2)).thenReturn(Outcome.error("HTTP 500")), bound);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(result.errorCount()).isGreaterThan(5);
    }
}
