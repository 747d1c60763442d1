package io.stagedoor.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stagedoor.load.report.ControlledCost.Verdict;
import java.util.ArrayList;
import java.util.Collections;
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
        // cost 2 %, the two instances with the setting 1 % apart, six rounds alike
        assertThat(sixRounds(101.5, 100.0, 102.5).verdict(0.05)).isEqualTo(Verdict.MET);
        // cost 2 %, but the two instances with the setting 30 % apart: the instances differ more than the setting does
        assertThat(sixRounds(87.0, 100.0, 117.0).verdict(0.05)).isEqualTo(Verdict.WITHIN_NOISE);
    }

    @Test
    void aCostAboveTheLimitByMoreThanTheNoiseFloorIsNotMet() {
        // cost 13 %, instances 2 % apart
        assertThat(sixRounds(112.0, 100.0, 114.0).verdict(0.05)).isEqualTo(Verdict.NOT_MET);
        // cost 13 %, instances 20 % apart: cannot say
        assertThat(sixRounds(102.0, 100.0, 124.0).verdict(0.05)).isEqualTo(Verdict.WITHIN_NOISE);
    }

    @Test
    void fewerThanSixRoundsJudgeNothingHoweverTheyAgree() {
        // five rounds: the surest interval of their median (smallest to largest) is only 94 % sure
        ControlledCost five = ControlledCost.of(Collections.nCopies(5, 101.0), Collections.nCopies(5, 100.0),
                Collections.nCopies(5, 101.0));

        assertThat(five.interval().confidence()).isLessThan(0.95);
        assertThat(five.verdict(0.05)).isEqualTo(Verdict.WITHIN_NOISE);
        assertThat(sixRounds(101.0, 100.0, 101.0).verdict(0.05)).isEqualTo(Verdict.MET);
    }

    private static ControlledCost sixRounds(double a, double b, double aPrime) {
        return ControlledCost.of(Collections.nCopies(6, a), Collections.nCopies(6, b), Collections.nCopies(6, aPrime));
    }

    @Test
    void theMediansIntervalIsTheSignTestsOrderStatistics() {
        // 12 rounds: the 3rd smallest and the 3rd largest (96.1 %); 8 rounds: the smallest and largest (99.2 %)
        List<Double> off = List.of(100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0);
        List<Double> on = List.of(90.0, 130.0, 101.0, 102.0, 103.0, 104.0, 97.0, 98.0, 99.0, 100.0, 80.0, 120.0);
        ControlledCost twelve = ControlledCost.of(on, off, on);

        assertThat(twelve.interval().low()).isCloseTo(-0.03, within(1e-9));
        assertThat(twelve.interval().high()).isCloseTo(0.04, within(1e-9));
        assertThat(twelve.interval().confidence()).isCloseTo(1 - 2 * 79.0 / 4096, within(1e-9));
        ControlledCost eight = ControlledCost.of(on.subList(0, 8), off.subList(0, 8), on.subList(0, 8));
        assertThat(eight.interval().low()).isCloseTo(-0.10, within(1e-9));
        assertThat(eight.interval().high()).isCloseTo(0.30, within(1e-9));
        assertThat(ControlledCost.confidence(8, 1)).isCloseTo(1 - 2.0 / 256, within(1e-12));
    }

    @Test
    void twoDisturbedRoundsOfTwelveDoNotDecideTheVerdictButASystematicControlDifferenceDoes() {
        List<Double> off = Collections.nCopies(12, 100.0);
        // A and A' 2 % above B in ten rounds, wildly off in two
        List<Double> on = new ArrayList<>(Collections.nCopies(12, 102.0));
        on.set(0, 150.0);
        on.set(7, 60.0);
        assertThat(ControlledCost.of(on, off, on).verdict(0.05)).isEqualTo(Verdict.MET);
        // the same, but A' reads 6 % below A in every round: B could be that far off too
        List<Double> control = on.stream().map(v -> v - 6.0).toList();
        ControlledCost apart = ControlledCost.of(on, off, control);
        assertThat(apart.spread()).isGreaterThan(0.05);
        assertThat(apart.verdict(0.05)).isEqualTo(Verdict.WITHIN_NOISE);
    }

    @Test
    void againstAReferenceTheCostIsTheDifferenceInItsUnits() {
        // at a low rate a request reads 300 µs, of which the setting adds 6; flat out a request costs 150 µs: 4 %
        ControlledCost cost = ControlledCost.against(150, List.of(306.0), List.of(300.0), List.of(306.0));

        assertThat(cost.cost()).isCloseTo(0.04, within(1e-9));
        assertThat(ControlledCost.of(List.of(306.0), List.of(300.0), List.of(306.0)).cost()).isCloseTo(0.02, within(1e-9));
    }

    @Test
    void aSettingThatSavesNothingReadsAsANegativeOrZeroCost() {
        ControlledCost cost = ControlledCost.of(List.of(95.0), List.of(100.0), List.of(95.0));

        assertThat(cost.cost()).isCloseTo(-0.05, within(1e-9));
        assertThat(sixRounds(95.0, 100.0, 95.0).verdict(0.05)).isEqualTo(Verdict.MET);
        assertThat(ControlledCost.percentages(cost.cost(), cost.costs(), true)).isEqualTo("-5.0 % (rounds -5.0 %)");
    }
}
