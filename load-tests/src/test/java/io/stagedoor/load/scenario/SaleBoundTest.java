package io.stagedoor.load.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaleBoundTest {

    private final SaleBound fullSize = new SaleBound(5_000, 3_000, 2_000);

    @Test
    void theFirstMinutesBudgetIsAdmittedAtOnceAndTheNextAMinuteLater() {
        assertThat(fullSize.admissionSeconds(1)).isZero();
        assertThat(fullSize.admissionSeconds(3_000)).isZero();
        assertThat(fullSize.admissionSeconds(3_001)).isEqualTo(60);
        assertThat(fullSize.admissionSeconds(6_001)).isEqualTo(120);
    }

    @Test
    void fiveThousandSeatsAtThreeThousandAMinuteSellOutNoSoonerThanAMinutePlusASession() {
        assertThat(fullSize.rateBoundSeconds()).isEqualTo(60);
        assertThat(fullSize.evenRateSeconds()).isEqualTo(100);
        assertThat(fullSize.boundSeconds(1.5)).isEqualTo(61.5);
    }

    @Test
    void withinTenPercentOfTheBound() {
        assertThat(fullSize.within(67.6, 1.5, 0.1)).isTrue();
        assertThat(fullSize.within(67.7, 1.5, 0.1)).isFalse();
    }

    @Test
    void seatsThatFitTheFirstMinuteSellOutWithinOneSession() {
        assertThat(new SaleBound(500, 3_000, 200).boundSeconds(2)).isEqualTo(2);
    }
}
