package io.stagedoor.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stagedoor.load.report.ControlledCost.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlledCostTest {

    @Test
    void theCostIsTheMeanOfTheTwoInstancesWithTheSettingAgainstTheOneWithout() {
        ControlledCost cost = ControlledCost.of(List.of(104.0), List.of(100.0), List.of(106.0));

        assertThat(cost.cost()).isCloseTo(0.05, within(1e-9));
        assertThat(cost.noise()).isCloseTo(2.0 / 105, within(1e-9));
    }

    @Test
    void theFiguresAreMediansOverTheRoundsSoOneDisturbedRoundDecidesNothing() {
        ControlledCost cost = ControlledCost.of(List.of(101.0, 102.0, 400.0), List.of(100.0, 100.0, 100.0),
                List.of(101.0, 102.0, 100.0));

        assertThat(cost.costs()).hasSize(3);
        assertThat(cost.cost()).isCloseTo(0.02, within(1e-9));
        assertThat(cost.noise()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void aRoundWithAnUnknownFigureIsLeftOut() {
        ControlledCost cost = ControlledCost.of(List.of(110.0, Double.NaN), List.of(100.0, 100.0), List.of(110.0, 110.0));

        assertThat(cost.rounds()).isEqualTo(1);
        assertThat(ControlledCost.of(List.of(), List.of(), List.of()).verdict(0.05)).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void aSmallCostIsMetOnlyWhenTheNoiseFloorLeavesRoomForIt() {
        // cost 2 %, the two instances with the setting 1 % apart
        assertThat(ControlledCost.of(List.of(101.5), List.of(100.0), List.of(102.5)).verdict(0.05)).isEqualTo(Verdict.MET);
        // cost 2 %, but the two instances with the setting 30 % apart: the instances differ more than the setting does
        assertThat(ControlledCost.of(List.of(87.0), List.of(100.0), List.of(117.0)).verdict(0.05)).isEqualTo(Verdict.WITHIN_NOISE);
    }

    @Test
    void aCostAboveTheLimitByMoreThanTheNoiseFloorIsNotMet() {
        // cost 13 %, instances 2 % apart
        assertThat(ControlledCost.of(List.of(112.0), List.of(100.0), List.of(114.0)).verdict(0.05)).isEqualTo(Verdict.NOT_MET);
        // cost 13 %, instances 20 % apart: cannot say
        assertThat(ControlledCost.of(List.of(102.0), List.of(100.0), List.of(124.0)).verdict(0.05)).isEqualTo(Verdict.WITHIN_NOISE);
    }

    @Test
    void aSettingThatSavesNothingReadsAsANegativeOrZeroCost() {
        ControlledCost cost = ControlledCost.of(List.of(95.0), List.of(100.0), List.of(95.0));

        assertThat(cost.cost()).isCloseTo(-0.05, within(1e-9));
        assertThat(cost.verdict(0.05)).isEqualTo(Verdict.MET);
        assertThat(ControlledCost.percentages(cost.cost(), cost.costs(), true)).isEqualTo("-5.0 % (rounds -5.0 %)");
    }
}
