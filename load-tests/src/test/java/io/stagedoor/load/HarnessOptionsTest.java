package io.stagedoor.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.load.db.DatabaseUpkeep;
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

    @Test
    void aRunVacuumsWhenTheServerDoesNotUnlessToldOtherwise() {
        assertThat(HarnessOptions.parse(new String[0]).vacuum()).isEqualTo(DatabaseUpkeep.Mode.AUTO);
        assertThat(HarnessOptions.parse(new String[] {"--vacuum", "never"}).vacuum()).isEqualTo(DatabaseUpkeep.Mode.NEVER);
        assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--vacuum", "daily"}).vacuum())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--vacuum");
    }

    @Test
    void theOpenLoopPassesArePartOfAFullRunButTheSaleAndTheSoakRunOnlyWhenNamed() {
        assertThat(HarnessOptions.parse(new String[0]).scenarios()).contains("open-loop").doesNotContain("sale", "soak");
        assertThat(HarnessOptions.parse(new String[] {"--scenario", "sale,soak"}).scenarios()).containsExactly("sale", "soak");
    }

    @Test
    void theSoakNeedsNoAdminKeyOfTheTargetItStartsItsOwnApps() {
        assertThat(HarnessOptions.parse(new String[] {"--scenario", "soak"}).drivesTheApp()).isFalse();
        assertThat(HarnessOptions.parse(new String[] {"--scenario", "sale"}).drivesTheApp()).isTrue();
    }
}
