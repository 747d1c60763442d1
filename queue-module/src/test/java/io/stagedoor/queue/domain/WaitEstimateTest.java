package io.stagedoor.queue.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {

    /** The load harness's spike room: capacity 2,000, 1,000 admissions per minute, one-hour sessions. */
    private final RoomSettings spikeRoom = new RoomSettings(2000, 1000, 3600, false);
    /** A room whose capacity binds: 100 sessions of 600 s sustain 1 admission per 6 s. */
    private final RoomSettings smallRoom = new RoomSettings(100, 1000, 600, false);

    @Test
    void inASpikeTheFirstMinutesBudgetGoesInAtTheNextRoundAndTheRestOneRateWindowLater() {
        // nothing observed yet: the old estimate divided by the settings' steady-state rate (2000/3600 per s) = hours
        assertThat(WaitEstimate.seconds(1, 0, 0, spikeRoom)).isZero();
        assertThat(WaitEstimate.seconds(1000, 0, 0, spikeRoom)).isZero();
        assertThat(WaitEstimate.seconds(1001, 0, 0, spikeRoom)).isEqualTo(61);
        assertThat(WaitEstimate.seconds(2000, 0, 0, spikeRoom)).isEqualTo(61);
        assertThat(WaitEstimate.seconds(2001, 0, 0, spikeRoom)).as("beyond the capacity sessions must end first")
                .isEqualTo(122);
    }

    @Test
    void whatWasAdmittedInTheRateWindowIsNoLongerAvailableNow() {
        RoomSettings slowRate = new RoomSettings(2000, 1000, 3600, false);
        // 600 admitted in the window, 400 left: the 400 go in now, the 401st waits for the window (unless the
        // observed 10 per second is faster: 401 places at 10/s = 41 s)
        assertThat(WaitEstimate.seconds(400, 600, 600, slowRate)).isZero();
        assertThat(WaitEstimate.seconds(401, 600, 600, slowRate)).isEqualTo(41);
        assertThat(WaitEstimate.seconds(1401, 600, 600, slowRate)).as("two windows (122 s) beat 1401 / 10 per s")
                .isEqualTo(122);
    }

    @Test
    void aFewObservedAdmissionsDoNotMakeTheEstimatePessimistic() {
        // the old estimate: 500 / (3 per minute) = 10,000 s; the budget lets 997 more in at the next round
        assertThat(WaitEstimate.seconds(500, 3, 3, spikeRoom)).isZero();
        assertThat(WaitEstimate.seconds(1500, 3, 3, spikeRoom)).isEqualTo(61);
    }

    @Test
    void aFullRoomAdmitsAsSessionsEndAtCapacityPerSessionLength() {
        // full: 10th in line waits for 10 sessions to end, 100 end per 600 s
        assertThat(WaitEstimate.seconds(10, 0, 100, smallRoom)).isEqualTo(60);
        // 40 places free: the 50th waits for 10 sessions to end
        assertThat(WaitEstimate.seconds(50, 0, 60, smallRoom)).isEqualTo(60);
        assertThat(WaitEstimate.seconds(40, 0, 60, smallRoom)).isZero();
    }

    @Test
    void anObservedRateFasterThanTheSettingsAllowIsUsed() {
        // sessions end early (paid tokens expire): 120 admissions in the last minute = 2 per second
        assertThat(WaitEstimate.seconds(10, 120, 100, smallRoom)).isEqualTo(5);
        assertThat(WaitEstimate.seconds(11, 120, 100, smallRoom)).isEqualTo(6);
    }

    @Test
    void estimateGrowsWithTheDistanceFromTheFront() {
        for (long admitted : new long[] {0, 37, 900}) {
            long previous = 0;
            for (long position = 1; position <= 5_000; position += 97) {
                long estimate = WaitEstimate.seconds(position, admitted, 1500, spikeRoom);
                assertThat(estimate).isGreaterThanOrEqualTo(previous);
                previous = estimate;
            }
            assertThat(previous).isPositive();
        }
    }

    @Test
    void aSpentBudgetCountsDownToWhenItLeavesTheRateWindow() {
        RoomSettings rateBound = new RoomSettings(100_000, 300, 600, false);
        // 200 admitted in second 1,000, 100 in second 1,003: their budget comes back in seconds 1,061 and 1,064
        BudgetReturns returns = BudgetReturns.fromCounters(Map.of(1_000L, 200L, 1_003L, 100L));
        Instant at1050 = Instant.ofEpochSecond(1_050);

        assertThat(WaitEstimate.seconds(150, 300, 0, rateBound, returns, at1050)).isEqualTo(11);
        assertThat(WaitEstimate.seconds(200, 300, 0, rateBound, returns, at1050)).isEqualTo(11);
        assertThat(WaitEstimate.seconds(201, 300, 0, rateBound, returns, at1050)).isEqualTo(14);
        assertThat(WaitEstimate.seconds(200, 300, 0, rateBound, returns, Instant.ofEpochMilli(1_060_400)))
                .as("whole seconds, rounded up").isEqualTo(1);
        assertThat(WaitEstimate.seconds(301, 300, 0, rateBound, returns, at1050))
                .as("beyond what comes back: a window after admissions still to come").isEqualTo(61);
        assertThat(WaitEstimate.seconds(150, 300, 0, rateBound, BudgetReturns.unknown(), at1050))
                .as("without the schedule: the observed rate, 150 places at 300 a minute").isEqualTo(30);
    }

    @Test
    void withoutTheScheduleTheEstimateIsTheWholeWindowOne() {
        for (long admitted : new long[] {0, 37, 900, 1000}) {
            for (long position = 1; position <= 5_000; position += 97) {
                assertThat(WaitEstimate.seconds(position, admitted, 1500, spikeRoom, BudgetReturns.unknown(),
                        Instant.ofEpochSecond(77))).isEqualTo(WaitEstimate.seconds(position, admitted, 1500, spikeRoom));
            }
        }
    }

    @Test
    void theCountdownNeverSaysMoreThanTheWholeWindowEstimate() {
        BudgetReturns returns = BudgetReturns.fromCounters(Map.of(10L, 400L, 30L, 300L, 69L, 300L));
        for (long nowSecond = 69; nowSecond <= 71; nowSecond++) {
            Instant now = Instant.ofEpochSecond(nowSecond);
            for (long position = 1; position <= 5_000; position += 37) {
                assertThat(WaitEstimate.seconds(position, 1000, 1500, spikeRoom, returns, now))
                        .isLessThanOrEqualTo(WaitEstimate.seconds(position, 1000, 1500, spikeRoom));
            }
        }
    }

    @Test
    void theFrontOfTheLineHasNoWait() {
        assertThat(WaitEstimate.seconds(0, 0, 0, smallRoom)).isZero();
    }
}
