package io.stagedoor.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitEstimateTest {

    private final RoomSettings room = new RoomSettings(100, 600, 100, false); // sustains 1 admission per second

    @Test
    void estimateFollowsTheObservedAdmissionRate() {
        // 120 admissions in the last minute = 2 per second
        assertThat(WaitEstimate.seconds(10, 120, room)).isEqualTo(5);
        assertThat(WaitEstimate.seconds(11, 120, room)).isEqualTo(6);
    }

    @Test
    void withoutObservedAdmissionsTheRateTheSettingsSustainIsAssumed() {
        assertThat(WaitEstimate.seconds(30, 0, room)).isEqualTo(30);
    }

    @Test
    void estimateGrowsWithTheDistanceFromTheFront() {
        long previous = 0;
        for (long position = 1; position <= 5_000; position += 97) {
            long estimate = WaitEstimate.seconds(position, 37, room);
            assertThat(estimate).isGreaterThanOrEqualTo(previous).isPositive();
            previous = estimate;
        }
    }
}
