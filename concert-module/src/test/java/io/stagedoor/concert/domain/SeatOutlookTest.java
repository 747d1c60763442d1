package io.stagedoor.concert.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeatOutlookTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant SHOW = Instant.parse("2026-12-24T10:00:00Z");

    @Test
    void lostHoldOnAnExistingSeatMeansSomeoneElseHasIt() {
        assertThat(new SeatOutlook(1, SHOW, true).refusalFor(1, NOW)).isEqualTo(HoldRefusal.SEAT_UNAVAILABLE);
    }

    @Test
    void seatNumberOutsideTheScheduleIsNotFound() {
        assertThat(new SeatOutlook(1, SHOW, false).refusalFor(1, NOW)).isEqualTo(HoldRefusal.SEAT_NOT_FOUND);
    }

    @Test
    void scheduleOfAnotherConcertIsTheWrongConcertBeforeAnythingElse() {
        assertThat(new SeatOutlook(2, SHOW, false).refusalFor(1, NOW)).isEqualTo(HoldRefusal.WRONG_CONCERT);
        assertThat(new SeatOutlook(2, SHOW, true).refusalFor(1, NOW)).isEqualTo(HoldRefusal.WRONG_CONCERT);
    }

    @Test
    void startedScheduleTakesNoHolds() {
        assertThat(SeatOutlook.isBookable(SHOW, SHOW)).isFalse();
        assertThat(new SeatOutlook(1, SHOW, true).refusalFor(1, SHOW)).isEqualTo(HoldRefusal.SCHEDULE_NOT_FOUND);
        assertThat(SeatOutlook.isBookable(SHOW, SHOW.minusMillis(1))).isTrue();
    }
}
