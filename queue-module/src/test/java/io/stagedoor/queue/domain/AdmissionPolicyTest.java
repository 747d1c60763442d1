package io.stagedoor.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {

    private final RoomSettings room = new RoomSettings(100, 30, 600, false);

    @Test
    void freeCapacityBoundsAdmissionsWhenTheRateBudgetIsLarger() {
        assertThat(AdmissionPolicy.admissible(room.with(null, 1000, null, null), 90, 0)).isEqualTo(10);
    }

    @Test
    void rateBudgetLeftBoundsAdmissionsWhenCapacityIsLarger() {
        assertThat(AdmissionPolicy.admissible(room, 0, 0)).isEqualTo(30);
        assertThat(AdmissionPolicy.admissible(room, 0, 25)).isEqualTo(5);
        assertThat(AdmissionPolicy.admissible(room, 0, 30)).isZero();
    }

    @Test
    void aFullRoomAdmitsNobodyEvenWhenOverCapacityAfterTheCapacityWasLowered() {
        assertThat(AdmissionPolicy.admissible(room, 100, 0)).isZero();
        assertThat(AdmissionPolicy.admissible(room, 140, 0)).isZero();
        assertThat(AdmissionPolicy.admissible(room, 0, 45)).isZero();
    }

    @Test
    void aPausedRoomAdmitsNobody() {
        assertThat(AdmissionPolicy.admissible(room.with(null, null, null, true), 0, 0)).isZero();
    }

    @Test
    void theRateWindowCountsTheCurrentSecondAndTheSixtyBeforeIt() {
        long now = 1_000_000;
        assertThat(AdmissionPolicy.inRateWindow(now, now)).isTrue();
        assertThat(AdmissionPolicy.inRateWindow(now - 59, now)).isTrue();
        // an admission early in second now-60 is less than 61 s before one late in second now: still in the window
        assertThat(AdmissionPolicy.inRateWindow(now - 60, now)).isTrue();
        assertThat(AdmissionPolicy.inRateWindow(now - 61, now)).isFalse();
        long counted = 0;
        for (long second = now - 200; second <= now; second++) {
            counted += AdmissionPolicy.inRateWindow(second, now) ? 1 : 0;
        }
        assertThat(counted).isEqualTo(AdmissionPolicy.RATE_WINDOW_COUNTERS);
    }
}
