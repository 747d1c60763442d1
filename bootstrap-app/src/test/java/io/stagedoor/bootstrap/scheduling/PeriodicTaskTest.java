package io.stagedoor.bootstrap.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.testsupport.Polling;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicTaskTest {

    @Test
    void runsEveryIntervalUntilStopped() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("counting", Duration.ofMillis(20), () -> Mono.fromSupplier(runs::incrementAndGet));
        task.start();
        assertThat(task.isRunning()).isTrue();
        awaitAtLeast(runs, 3);
        task.stop();
        assertThat(task.isRunning()).isFalse();
        int afterStop = runs.get();
        Thread.sleep(120);
        assertThat(runs.get()).as("no run after stop").isLessThanOrEqualTo(afterStop + 1);
    }

    @Test
    void aFailedRunIsLoggedAndTheNextTickRunsAgain() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("failing first", Duration.ofMillis(20), () -> attempts.incrementAndGet() == 1
                ? Mono.error(new IllegalStateException("database away"))
                : Mono.just(attempts.get()));
        task.start();
        awaitAtLeast(attempts, 3);
        task.stop();
    }

    @Test
    void runsNeverOverlap() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask task = new PeriodicTask("slow", Duration.ofMillis(5), () -> Mono.fromSupplier(() -> {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    return 1;
                })
                .delayElement(Duration.ofMillis(30))
                .doOnNext(one -> {
                    inFlight.decrementAndGet();
                    runs.incrementAndGet();
                }));
        task.start();
        awaitAtLeast(runs, 4);
        task.stop();
        assertThat(maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        assertThatThrownBy(() -> new PeriodicTask("zero", Duration.ZERO, () -> Mono.just(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitAtLeast(AtomicInteger counter, int expected) throws InterruptedException {
        assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(5), () -> counter.get() >= expected))
                .as("reached %d in time", expected).isTrue();
    }
}
