package io.stagedoor.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoomSettingsTest {

    private final RoomSettings defaults = new RoomSettings(1000, 3000, 600, false);

    @Test
    void aChangeReplacesOnlyTheFieldsItSets() {
        assertThat(new SettingsChange(50, null, null, true).over(defaults))
                .isEqualTo(new RoomSettings(50, 3000, 600, true));
        assertThat(SettingsChange.NONE.over(defaults)).isEqualTo(defaults);
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> defaults.with(0, null, null, null)).hasMessageContaining("activeCapacity");
        assertThatThrownBy(() -> defaults.with(null, 0, null, null)).hasMessageContaining("admissionsPerMinute");
        assertThatThrownBy(() -> defaults.with(null, null, 9, null)).hasMessageContaining("sessionSeconds");
        assertThatThrownBy(() -> defaults.with(null, null, 86_401, null)).hasMessageContaining("sessionSeconds");
    }

    @Test
    void sustainableRateIsTheSlowerOfTheRateLimitAndCapacityTurnover() {
        assertThat(new RoomSettings(1000, 3000, 600, false).sustainableAdmissionsPerSecond()).isEqualTo(1000 / 600.0);
        assertThat(new RoomSettings(1000, 60, 600, false).sustainableAdmissionsPerSecond()).isEqualTo(1.0);
    }
}
