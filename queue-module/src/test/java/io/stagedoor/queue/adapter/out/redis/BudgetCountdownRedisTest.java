package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueStatusView;
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
 * A room that spent its per-minute budget in one burst admits again when that burst leaves the rate window, 61 s
 * later. Waiters answered from the picture are told a wait that counts down to that instant, so a waiter who follows
 * {@code pollAfterMillis} learns of its admission about when it happens; without the schedule the estimate stayed at
 * a whole window (or the observed rate's figure) however near the window's end was.
 */
class BudgetCountdownRedisTest {

    private static final long CONCERT = 6;
    /** 10 admissions a minute, room for everybody: the rate alone decides. */
    private static final RoomSettings TEN_A_MINUTE = new RoomSettings(1000, 10, 600, false);

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;

    @BeforeEach
    void room() {
        queue = new QueueFixture(redis.connectionFactory(), TEN_A_MINUTE, Duration.ofMinutes(5));
    }

    @Test
    void aWaiterNearTheFrontIsToldTheSecondsLeftUntilTheBurstLeavesTheRateWindow() {
        List<String> tokens = joinUsers(1, 25);
        queue.memoryAdmission.admit(CONCERT).block(); // the clock stands on a whole second: 10 in, budget spent

        queue.clock.advance(Duration.ofSeconds(50));
        queue.memoryAdmission.admit(CONCERT).block(); // nobody in (the burst still counts), a fresh picture

        QueueStatusView tenth = queue.memoryStatus.status(tokens.get(19)).block();
        assertThat(tenth.position()).isEqualTo(10);
        assertThat(tenth.estimatedWaitSeconds()).as("the burst leaves the window 61 s after it, 11 s from now")
                .isEqualTo(11);
        assertThat(tenth.pollAfterMillis()).isEqualTo(2750);
        QueueStatusView byRedisAlone = queue.status.status(tokens.get(19)).block();
        assertThat(byRedisAlone.estimatedWaitSeconds())
                .as("without the schedule: the observed rate, 10 places at 10 a minute").isEqualTo(60);

        queue.clock.advance(Duration.ofSeconds(8));
        queue.memoryAdmission.admit(CONCERT).block();
        assertThat(queue.memoryStatus.status(tokens.get(19)).block().estimatedWaitSeconds()).as("counting down")
                .isEqualTo(3);
    }

    @Test
    void aWaiterBeyondWhatTheWindowGivesBackWaitsAWholeWindowMore() {
        List<String> tokens = joinUsers(1, 25);
        queue.memoryAdmission.admit(CONCERT).block();
        queue.clock.advance(Duration.ofSeconds(50));
        queue.memoryAdmission.admit(CONCERT).block();

        QueueStatusView fifteenth = queue.memoryStatus.status(tokens.get(24)).block();

        assertThat(fifteenth.position()).isEqualTo(15);
        assertThat(fifteenth.estimatedWaitSeconds())
                .as("the next window's budget is spent by admissions that have not happened yet").isEqualTo(61);
    }

    @Test
    void theCountdownEndsWithTheAdmission() {
        List<String> tokens = joinUsers(1, 15);
        queue.memoryAdmission.admit(CONCERT).block();
        queue.clock.advance(Duration.ofSeconds(60));
        queue.memoryAdmission.admit(CONCERT).block();
        assertThat(queue.memoryStatus.status(tokens.get(10)).block().estimatedWaitSeconds()).isEqualTo(1);

        queue.clock.advance(Duration.ofSeconds(1));
        queue.memoryAdmission.admit(CONCERT).block();

        assertThat(queue.memoryStatus.status(tokens.get(10)).block().status().name()).isEqualTo("ACTIVE");
        assertThat(queue.memoryStatus.status(tokens.get(14)).block().status().name()).isEqualTo("ACTIVE");
    }

    private List<String> joinUsers(long firstUser, int count) {
        List<String> tokens = new ArrayList<>();
        for (long user = firstUser; user < firstUser + count; user++) {
            tokens.add(queue.join.join(new JoinQueueCommand(user, CONCERT)).block().status().token());
        }
        return tokens;
    }
}
