package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpBoundTest {

    private static final long SECOND = 1_000_000_000L;
    private static final WarmUpBound FIVE_SECONDS_AND_10K = new WarmUpBound(Duration.ofSeconds(5), 10_000, Duration.ofSeconds(120));

    @Test
    void aFastMachineStillWarmsUpForTheMinimumTime() {
        assertThat(FIVE_SECONDS_AND_10K.reached(2 * SECOND, 45_000)).isFalse();
        assertThat(FIVE_SECONDS_AND_10K.reached(5 * SECOND, 45_000)).isTrue();
    }

    @Test
    void aSlowMachineWarmsUpUntilItServedTheMinimumRequestsNotJustTheMinimumTime() {
        assertThat(FIVE_SECONDS_AND_10K.reached(5 * SECOND, 327)).isFalse();
        assertThat(FIVE_SECONDS_AND_10K.reached(60 * SECOND, 9_999)).isFalse();
        assertThat(FIVE_SECONDS_AND_10K.reached(61 * SECOND, 10_000)).isTrue();
    }

    @Test
    void aMachineThatNeverServesEnoughStopsAtTheLimit() {
        assertThat(FIVE_SECONDS_AND_10K.reached(119 * SECOND, 10)).isFalse();
        assertThat(FIVE_SECONDS_AND_10K.reached(120 * SECOND, 10)).isTrue();
    }

    @Test
    void theWarmUpPassRecordsFromItsFirstRequestAndLastsAtMostTheLimit() {
        PassSettings judged = new PassSettings(64, Duration.ofSeconds(3), Duration.ofSeconds(10), 200_000, Duration.ofSeconds(10));

        PassSettings warmUp = FIVE_SECONDS_AND_10K.settings(judged);

        assertThat(warmUp.warmup()).isZero();
        assertThat(warmUp.duration()).isEqualTo(Duration.ofSeconds(120));
        assertThat(warmUp.concurrency()).isEqualTo(64);
    }

    @Test
    void aLimitBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> new WarmUpBound(Duration.ofSeconds(10), 1, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WarmUpBound(Duration.ZERO, -1, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
