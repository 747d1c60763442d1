package io.stagedoor.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-token poll limit on a clock the test moves: a burst, then one poll per spacing, per token. */
class StatusPollLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StatusPollLimiter limiter = new StatusPollLimiter(3, Duration.ofMillis(250), 1000, now::get);

    @Test
    void aBurstPassesThenPollsMustKeepTheSpacing() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.poll("t").refused()).isFalse();
        }
        Decision refused = limiter.poll("t");
        assertThat(refused.refused()).isTrue();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(250));

        advance(Duration.ofMillis(249));
        assertThat(limiter.poll("t").refused()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(limiter.poll("t").refused()).isFalse();
        assertThat(limiter.poll("t").refused()).isTrue();
    }

    @Test
    void aClientThatKeepsTheSpacingIsNeverRefused() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.poll("t").refused()).isFalse();
            advance(Duration.ofMillis(250));
        }
    }

    @Test
    void eachTokenHasItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            limiter.poll("a");
        }
        assertThat(limiter.poll("a").refused()).isTrue();
        assertThat(limiter.poll("b").refused()).isFalse();
    }

    @Test
    void anIdleTokenStartsWithAFullBurstAgain() {
        for (int i = 0; i < 3; i++) {
            limiter.poll("t");
        }
        advance(Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.poll("t").refused()).isFalse();
        }
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
