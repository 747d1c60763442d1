package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.domain.AdmissionPolicy;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-minute admission limit is a sliding-window bound: no 60-second window ever holds more than
 * admissionsPerMinute admissions, whatever the rounds' timing relative to the per-second counters (real Redis,
 * controlled clock).
 */
class RateWindowRedisTest {

    private static final int PER_MINUTE = 10;
    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;

    @BeforeEach
    void setUp() {
        // waiters never abandoned during the test; capacity never binds
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(10_000, PER_MINUTE, 3600, false),
                Duration.ofHours(2), Duration.ofSeconds(10)); // generous: the shared build machine can be very busy
    }

    private record Round(long atMillis, int admitted) {
    }

    @Test
    void noSixtySecondWindowEverHoldsMoreThanAdmissionsPerMinute() {
        for (long userId = 1; userId <= 60; userId++) {
            queue.join.join(new JoinQueueCommand(userId, 1)).block();
        }
        RoomSettings settings = new RoomSettings(10_000, PER_MINUTE, 3600, false);
        // rounds at .000, .001, .250, .500 and .999 of every second: both edges of every per-second counter
        long[] steps = {1, 249, 250, 499, 1};
        List<Round> rounds = new ArrayList<>();
        long start = queue.clock.millis();
        for (int i = 0; i < 5 * 200; i++) { // 200 s: more than three rate windows
            long now = queue.clock.millis();
            long inWindow = rounds.stream()
                    .filter(r -> AdmissionPolicy.inRateWindow(Math.floorDiv(r.atMillis(), 1000), Math.floorDiv(now, 1000)))
                    .mapToLong(Round::admitted).sum();
            AdmissionRound round = queue.admission.admit(1).block();
            assertThat(round.admitted()).as("round at +%d ms", now - start)
                    .isEqualTo(AdmissionPolicy.admissible(settings, round.active() - round.admitted(), inWindow));
            if (round.admitted() > 0) {
                rounds.add(new Round(now, round.admitted()));
            }
            queue.clock.advance(Duration.ofMillis(steps[i % steps.length]));
        }

        // every window [t, t + 60 s] (closed); the fullest ones start at an admission, so checking those checks all
        int fullest = 0;
        for (Round first : rounds) {
            int inWindow = rounds.stream()
                    .filter(r -> r.atMillis() >= first.atMillis() && r.atMillis() <= first.atMillis() + 60_000)
                    .mapToInt(Round::admitted).sum();
            assertThat(inWindow).as("admissions within 60 s from +%d ms", first.atMillis() - start)
                    .isLessThanOrEqualTo(PER_MINUTE);
            fullest = Math.max(fullest, inWindow);
        }
        assertThat(fullest).as("the budget is used, not just never exceeded").isEqualTo(PER_MINUTE);
        int total = rounds.stream().mapToInt(Round::admitted).sum();
        assertThat(total).as("a full budget per rate window of 61 s over 200 s").isEqualTo(4 * PER_MINUTE);
    }

    @Test
    void aSpikesWaitersAreToldTheWaitTheBudgetAllowsAtJoinAndWhilePolling() {
        queue.admin.tune(new TuneRoomCommand(1, 100, PER_MINUTE, 3600, null)).block();
        List<String> tokens = new ArrayList<>();
        for (long userId = 1; userId <= 25; userId++) {
            var joined = queue.join.join(new JoinQueueCommand(userId, 1)).block();
            tokens.add(joined.status().token());
            long expected = userId <= PER_MINUTE ? 0 : userId <= 2 * PER_MINUTE ? 61 : 122;
            assertThat(joined.status().estimatedWaitSeconds()).as("join of user %d", userId).isEqualTo(expected);
        }

        queue.admission.admit(1).block(); // the first 10 go in; 15 wait for the next rate window
        queue.clock.advance(Duration.ofSeconds(1));

        QueueStatusView nextWindow = queue.status.status(tokens.get(PER_MINUTE)).block();
        assertThat(nextWindow.position()).isEqualTo(1);
        assertThat(nextWindow.estimatedWaitSeconds()).as("10 observed per minute: 6 s per place; the budget: next window")
                .isEqualTo(6);
        QueueStatusView last = queue.status.status(tokens.get(24)).block();
        assertThat(last.estimatedWaitSeconds()).isEqualTo(Math.min(15 * 6, 122));
    }
}
