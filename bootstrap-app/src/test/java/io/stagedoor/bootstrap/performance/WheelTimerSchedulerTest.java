package io.stagedoor.bootstrap.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class WheelTimerSchedulerTest {

    private final WheelTimerScheduler timers = new WheelTimerScheduler("test-timers");

    {
        timers.init();
    }

    @AfterEach
    void stop() {
        timers.dispose();
    }

    @Test
    void aTimeoutArmedOnTheWheelFiresWhenTheSourceIsSilent() {
        StepVerifier.create(Mono.never().timeout(Duration.ofMillis(50), timers))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aSourceThatAnswersInTimeCancelsItsTimer() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        Disposable timer = timers.schedule(fired::incrementAndGet, 100, TimeUnit.MILLISECONDS);

        timer.dispose();
        Thread.sleep(300);

        assertThat(fired).hasValue(0);
        assertThat(timer.isDisposed()).isTrue();
    }

    @Test
    void aTimerRunsItsTaskOnceAfterRoughlyItsDelay() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();

        timers.schedule(ran::countDown, 100, TimeUnit.MILLISECONDS);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void aStoppedWheelRejectsNewTimers() {
        timers.dispose();

        assertThatThrownBy(() -> timers.schedule(() -> { }, 10, TimeUnit.MILLISECONDS))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
