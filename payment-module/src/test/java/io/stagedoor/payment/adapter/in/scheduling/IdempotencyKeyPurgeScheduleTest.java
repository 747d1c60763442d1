package io.stagedoor.payment.adapter.in.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class IdempotencyKeyPurgeScheduleTest {

    @Test
    void purgeRunsEveryIntervalKeepsGoingAfterAFailureAndStopsWhenStopped() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        PurgeIdempotencyKeysUseCase purge = () -> Mono.defer(() -> runs.incrementAndGet() == 2
                ? Mono.error(new IllegalStateException("database restarting"))
                : Mono.just(3L));
        IdempotencyKeyPurgeSchedule schedule = new IdempotencyKeyPurgeSchedule(purge, Duration.ofMillis(50));

        schedule.start();
        schedule.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runs.get() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        schedule.stop();
        int afterStop = runs.get();
        Thread.sleep(300);

        assertThat(afterStop).isGreaterThanOrEqualTo(4);
        assertThat(runs.get()).isLessThanOrEqualTo(afterStop + 1);
    }
}
