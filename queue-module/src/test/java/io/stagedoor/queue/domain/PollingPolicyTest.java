package io.stagedoor.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollingPolicyTest {

    private final PollingPolicy polling = PollingPolicy.forAbandonAfter(Duration.ofMinutes(2));

    @Test
    void pollIntervalGrowsWithTheEstimatedWaitBetweenOneAndThirtySeconds() {
        assertThat(polling.pollAfterMillis(0)).isEqualTo(1_000);
        assertThat(polling.pollAfterMillis(3)).isEqualTo(1_000);
        assertThat(polling.pollAfterMillis(20)).isEqualTo(5_000);
        assertThat(polling.pollAfterMillis(100)).isEqualTo(25_000);
        assertThat(polling.pollAfterMillis(100_000)).isEqualTo(30_000);
    }

    @Test
    void theLongestIntervalStaysWellUnderTheAbandonGracePeriod() {
        PollingPolicy shortGrace = PollingPolicy.forAbandonAfter(Duration.ofSeconds(45));

        assertThat(shortGrace.max()).isEqualTo(Duration.ofSeconds(15));
        assertThat(shortGrace.pollAfterMillis(1_000_000)).isEqualTo(15_000);
    }
}
