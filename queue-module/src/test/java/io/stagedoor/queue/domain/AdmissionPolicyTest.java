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
}
