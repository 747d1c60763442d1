package io.stagedoor.concert.adapter.in.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class HoldSweepScheduleTest {

    @Test
    void sweepsEveryIntervalUntilStoppedAndSurvivesAFailedRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch threeRuns = new CountDownLatch(3);
        SweepExpiredHoldsUseCase sweep = () -> Mono.defer(() -> {
            threeRuns.countDown();
            return runs.incrementAndGet() == 1
                    ? Mono.error(new IllegalStateException("database down"))
                    : Mono.just(0);
        });
        HoldSweepSchedule schedule = new HoldSweepSchedule(sweep, Duration.ofMillis(20));

        schedule.start();
        assertThat(schedule.isRunning()).isTrue();
        assertThat(threeRuns.await(5, TimeUnit.SECONDS)).isTrue();
        schedule.stop();
        int afterStop = runs.get();
        Thread.sleep(100);

        assertThat(schedule.isRunning()).isFalse();
        assertThat(runs.get()).isLessThanOrEqualTo(afterStop + 1);
    }

    @Test
    void intervalMustBePositive() {
        assertThatThrownBy(() -> new HoldSweepSchedule(() -> Mono.just(0), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
