package io.stagedoor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Polling answers as soon as the condition holds, and false once the limit has passed without it. */
class PollingTest {

    @Test
    void answersTrueOnTheCheckThatFindsTheConditionHolding() throws InterruptedException {
        AtomicInteger checks = new AtomicInteger();

        assertThat(Polling.within(Duration.ofSeconds(5), Duration.ofMillis(1), () -> checks.incrementAndGet() == 3)).isTrue();
        assertThat(checks).hasValue(3);
    }

    @Test
    void answersFalseOnceTheLimitHasPassed() throws InterruptedException {
        long started = System.nanoTime();

        assertThat(Polling.within(Duration.ofMillis(100), Duration.ofMillis(10), () -> false)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
}
