package io.stagedoor.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.load.db.DatabaseUpkeep;
import io.stagedoor.load.db.RoundReset;
import io.stagedoor.load.engine.WarmUpBound;
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

    @Test
    void theWarmUpRoundIsBoundedByRequestsAsWellAsSecondsAndByALimit() {
        WarmUpBound bound = HarnessOptions.parse(new String[] {"--app-warmup", "5"}).appWarmupBound();

        assertThat(bound).isEqualTo(new WarmUpBound(Duration.ofSeconds(5), 10_000, Duration.ofSeconds(120)));
        assertThat(HarnessOptions.parse(new String[] {"--app-warmup", "0"}).appWarmupBound()).isNull();
        assertThat(HarnessOptions.parse(new String[] {"--app-warmup-requests", "500", "--app-warmup-limit", "30"}).appWarmupBound())
                .isEqualTo(new WarmUpBound(Duration.ofSeconds(10), 500, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--app-warmup", "20", "--app-warmup-limit", "10"}).appWarmupBound())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--app-warmup-limit");
    }

    @Test
    void judgedRoundsLetTheTablesGrowUnlessToldToStartFresh() {
        assertThat(HarnessOptions.parse(new String[0]).roundState()).isEqualTo(RoundReset.Mode.GROW);
        assertThat(HarnessOptions.parse(new String[] {"--round-state", "fresh"}).roundState()).isEqualTo(RoundReset.Mode.FRESH);
        assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--round-state", "reset"}).roundState())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--round-state");
    }

    @Test
    void theConcurrentAbIsAScenarioOfItsOwnThatNeedsBothOtherInstances() {
        HarnessOptions options = HarnessOptions.parse(new String[] {"--scenario", "ab3", "--target-b", "http://127.0.0.1:1"});

        assertThat(options.scenarios()).containsExactly("ab3");
        assertThat(options.drivesTheApp()).isTrue();
        assertThat(options.required("target-b", "ab3")).isEqualTo("http://127.0.0.1:1");
        assertThatThrownBy(() -> options.required("target-c", "ab3")).hasMessageContaining("ab3 needs --target-c");
    }
}
