package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesOfOneToOneThousandMillisecondsAreTheirRanks() {
        Histogram histogram = LatencyStats.newMicrosHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.recordValue(ms * 1000L);
        }
        LatencyStats stats = LatencyStats.ofMicros(histogram);

        assertThat(stats.count()).isEqualTo(1000);
        // 3 significant digits: within 0.1 %
        assertThat(stats.p50Ms()).isCloseTo(500, within(0.5));
        assertThat(stats.p95Ms()).isCloseTo(950, within(1.0));
        assertThat(stats.p99Ms()).isCloseTo(990, within(1.0));
        assertThat(stats.maxMs()).isCloseTo(1000, within(1.0));
        assertThat(stats.meanMs()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void aSingleSlowRequestShowsOnlyInTheTail() {
        Histogram histogram = LatencyStats.newMicrosHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.recordValue(2_000);
        }
        histogram.recordValue(250_000);
        LatencyStats stats = LatencyStats.ofMicros(histogram);

        assertThat(stats.p50Ms()).isCloseTo(2.0, within(0.01));
        assertThat(stats.p95Ms()).isCloseTo(2.0, within(0.01));
        assertThat(stats.maxMs()).isCloseTo(250, within(0.5));
    }

    @Test
    void anEmptyHistogramIsAllZero() {
        assertThat(LatencyStats.ofMicros(LatencyStats.newMicrosHistogram())).isEqualTo(LatencyStats.EMPTY);
    }
}
