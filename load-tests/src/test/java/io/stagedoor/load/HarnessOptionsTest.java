package io.stagedoor.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

    @Test
    void theAppGetsAsLongAWarmUpPerPassAsTheCeilingAppGetsPerEndpointByDefault() {
        HarnessOptions defaults = HarnessOptions.parse(new String[0]);

        assertThat(defaults.appWarmup()).isEqualTo(Duration.ofSeconds(defaults.integer("ceiling-warmup", 10)));
    }

    @Test
    void aZeroAppWarmUpSkipsTheWarmUpRound() {
        assertThat(HarnessOptions.parse(new String[] {"--app-warmup", "0"}).appWarmup()).isZero();
    }

    @Test
    void anAppWarmUpOutsideZeroToTwoMinutesIsRefused() {
        assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--app-warmup", "-1"}).appWarmup())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--app-warmup");
        assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--app-warmup=121"}).appWarmup())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--app-warmup");
    }
}
