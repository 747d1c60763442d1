package io.stagedoor.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatioTest {

    @Test
    void ratioIsThroughputOverCeilingWithTwoDecimals() {
        assertThat(Ratio.of(3_675, 5_000)).isCloseTo(0.735, within(1e-12));
        assertThat(Ratio.format(Ratio.of(3_675, 5_000))).isEqualTo("0.74x");
        assertThat(Ratio.format(1.0)).isEqualTo("1.00x");
        assertThat(Ratio.format(0.25)).isEqualTo("0.25x");
    }

    @Test
    void withoutACeilingThereIsNoRatio() {
        assertThat(Ratio.of(100, 0)).isNaN();
        assertThat(Ratio.of(100, Double.NaN)).isNaN();
        assertThat(Ratio.format(Double.NaN)).isEqualTo("n/a");
        assertThat(Ratio.verdict(Double.NaN, 0.7)).isEqualTo("-");
    }

    @Test
    void aTargetIsMetAtThePrintedPrecision() {
        assertThat(Ratio.verdict(0.70, 0.70)).isEqualTo("met");
        assertThat(Ratio.verdict(0.6999, 0.70)).isEqualTo("met"); // prints as 0.70x
        assertThat(Ratio.verdict(0.694, 0.70)).isEqualTo("MISSED");
        assertThat(Ratio.verdict(1.3, 1.0)).isEqualTo("met");
        assertThat(Ratio.verdict(0.3, null)).isEqualTo("-");
        assertThat(Ratio.target(0.25)).isEqualTo(">= 0.25x");
    }
}
