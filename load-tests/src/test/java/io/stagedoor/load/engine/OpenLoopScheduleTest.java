package io.stagedoor.load.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final long START = 1_000_000_000L;

    @Test
    void requestIIsDueAtIOverTheRateAfterTheStart() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 1_000);

        assertThat(schedule.scheduledAt(0)).isEqualTo(START);
        assertThat(schedule.scheduledAt(1)).isEqualTo(START + 1_000_000);
        assertThat(schedule.scheduledAt(2_500)).isEqualTo(START + 2_500_000_000L);
    }

    @Test
    void aFractionalRateKeepsItsAverageOverLongPasses() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 3.0);

        assertThat(schedule.scheduledAt(3)).isEqualTo(START + 1_000_000_000L);
        assertThat(schedule.countWithin(10_000_000_000L)).isEqualTo(30);
    }

    @Test
    void dueByCountsTheRequestsWhoseInstantHasCome() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 100);

        assertThat(schedule.dueBy(START - 1)).isZero();
        assertThat(schedule.dueBy(START)).isEqualTo(1);
        assertThat(schedule.dueBy(START + 9_999_999)).isEqualTo(1);
        assertThat(schedule.dueBy(START + 10_000_000)).isEqualTo(2);
        assertThat(schedule.dueBy(START + 1_000_000_000)).isEqualTo(101);
    }

    @Test
    void latencyCountsFromTheDueInstantNotFromWhenTheRequestLeft() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 1_000);
        // request 10 was due at START + 10 ms; the generator sent it late at +60 ms and the answer came at +62 ms
        long answered = START + 62_000_000;

        assertThat(schedule.latencyMicros(10, answered)).isEqualTo(52_000);
    }

    @Test
    void aServerStalledForAWhileDelaysEveryRequestDueDuringTheStall() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(START, 1_000);
        long stallEnd = START + 200_000_000L; // nothing answered before +200 ms; everything then answers at once

        // the first request waited the whole stall, one due in its middle half of it, one due at its end nothing
        assertThat(schedule.latencyMicros(0, stallEnd)).isEqualTo(200_000);
        assertThat(schedule.latencyMicros(100, stallEnd)).isEqualTo(100_000);
        assertThat(schedule.latencyMicros(200, stallEnd)).isEqualTo(1);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new OpenLoopSchedule(START, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(START, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
