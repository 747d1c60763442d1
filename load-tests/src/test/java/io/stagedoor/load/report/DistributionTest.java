package io.stagedoor.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void nearestRankPercentiles() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // unsorted on purpose: 100..1
        }
        Distribution d = Distribution.of(values);

        assertThat(d.count()).isEqualTo(100);
        assertThat(d.p50()).isEqualTo(50);
        assertThat(d.p95()).isEqualTo(95);
        assertThat(d.p99()).isEqualTo(99);
        assertThat(d.min()).isEqualTo(1);
        assertThat(d.max()).isEqualTo(100);
        assertThat(d.mean()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void aSmallSampleRoundsTheRankUp() {
        double[] sorted = {1, 2, 3};

        assertThat(Distribution.percentile(sorted, 50)).isEqualTo(2);
        assertThat(Distribution.percentile(sorted, 99)).isEqualTo(3);
        assertThat(Distribution.percentile(sorted, 0)).isEqualTo(1);
    }

    @Test
    void anEmptySampleIsNaN() {
        assertThat(Distribution.of(new double[0]).mean()).isNaN();
    }
}
