package io.stagedoor.queue.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentAdmissionsTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecentAdmissions recent = new RecentAdmissions(Duration.ofSeconds(1), 3, clock);

    private static Admission admission(String token, Instant activeUntil) {
        return new Admission(token, UserId.of(7), ConcertId.of(1), activeUntil);
    }

    @Test
    void anActiveAnswerIsRecalledUntilItIsMaxAgeOld() {
        Admission a = admission("t1", START.plusSeconds(600));
        recent.remember(a);

        clock.advance(Duration.ofMillis(999));
        assertThat(recent.recall("t1")).contains(a);

        clock.advance(Duration.ofMillis(1));
        assertThat(recent.recall("t1")).isEmpty();
    }

    @Test
    void anAnswerIsNeverRecalledPastTheEndOfItsSession() {
        recent.remember(admission("t1", START.plusMillis(300)));

        clock.advance(Duration.ofMillis(299));
        assertThat(recent.recall("t1")).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(recent.recall("t1")).isEmpty();
    }

    @Test
    void aSessionThatAlreadyEndedIsNotRemembered() {
        recent.remember(admission("t1", START));

        assertThat(recent.recall("t1")).isEmpty();
        assertThat(recent.size()).isZero();
    }

    @Test
    void aForgottenTokenIsNoLongerRecalled() {
        recent.remember(admission("t1", START.plusSeconds(600)));

        recent.forget("t1");

        assertThat(recent.recall("t1")).isEmpty();
    }

    @Test
    void whenFullItStaysBoundedRemembersTheNewTokenAndDropsEndedOnes() {
        RecentAdmissions full = new RecentAdmissions(Duration.ofSeconds(1), 3, clock, Runnable::run);
        full.remember(admission("t1", START.plusSeconds(600)));
        full.remember(admission("t2", START.plusSeconds(600)));
        full.remember(admission("t3", START.plusMillis(100)));

        full.remember(admission("t4", START.plusSeconds(600)));
        assertThat(full.recall("t4")).as("the new token is remembered although the memory was full").isPresent();
        assertThat(full.size()).isEqualTo(3);

        clock.advance(Duration.ofMillis(100)); // t3's session has ended
        assertThat(full.recall("t3")).isEmpty();
        full.remember(admission("t5", START.plusSeconds(600)));
        assertThat(full.recall("t5")).isPresent();
        assertThat(full.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aDisabledMemoryRemembersNothing() {
        RecentAdmissions disabled = RecentAdmissions.disabled(clock);
        disabled.remember(admission("t1", START.plusSeconds(600)));

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.recall("t1")).isEmpty();
    }
}
