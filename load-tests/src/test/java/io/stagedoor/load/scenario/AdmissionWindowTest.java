package io.stagedoor.load.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionWindowTest {

    @Test
    void countsTheBusiestSixtySeconds() {
        long[] admitted = {0, 1_000, 2_000, 59_999, 60_000, 61_000, 200_000};

        // 0..59_999 holds four; 1_000..60_999 also four (1_000, 2_000, 59_999, 60_000); 2_000..61_999 four
        assertThat(JoinSpike.maxInWindow(admitted, 60_000)).isEqualTo(4);
    }

    @Test
    void aBurstInOneTickCountsWhole() {
        assertThat(JoinSpike.maxInWindow(new long[] {5, 5, 5, 5, 5}, 60_000)).isEqualTo(5);
        assertThat(JoinSpike.maxInWindow(new long[0], 60_000)).isZero();
    }
}
