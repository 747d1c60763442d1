package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueNotAdmittedException;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.api.RoomOverview;
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
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Admission rounds, sessions, the abandon sweep, pause/resume and expiring tokens, on a real Redis. */
class AdmissionRedisTest {

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;
    private ReactiveStringRedisTemplate template;

    @BeforeEach
    void setUp() {
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(3, 1000, 600, false), Duration.ofMinutes(2));
        template = redis.template();
    }

    private List<String> join(long concertId, int users) {
        List<String> tokens = new ArrayList<>();
        for (long userId = 1; userId <= users; userId++) {
            tokens.add(queue.join.join(new JoinQueueCommand(userId, concertId)).block().status().token());
        }
        return tokens;
    }

    @Test
    void aRoundAdmitsUpToTheFreeCapacityInArrivalOrderAndTheRestMoveUp() {
        List<String> tokens = join(1, 5);

        AdmissionRound round = queue.admission.admit(1).block();

        assertThat(round.admitted()).isEqualTo(3);
        assertThat(round.admittedSequence()).containsExactly(1L, 2L, 3L);
        assertThat(round.active()).isEqualTo(3);
        assertThat(round.waiting()).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            QueueStatusView view = queue.status.status(tokens.get(i)).block();
            assertThat(view.status().name()).isEqualTo("ACTIVE");
            assertThat(view.position()).isZero();
            assertThat(view.activeUntil()).isEqualTo(queue.clock.instant().plusSeconds(600));
            Admission admission = queue.tokens.validate(tokens.get(i)).block();
            assertThat(admission.userId().value()).isEqualTo(i + 1);
            assertThat(admission.concertId().value()).isEqualTo(1);
        }
        assertThat(queue.status.status(tokens.get(3)).block().position()).isEqualTo(1);
        assertThat(queue.status.status(tokens.get(4)).block().position()).isEqualTo(2);
        assertThatThrownBy(() -> queue.tokens.validate(tokens.get(4)).block())
                .isInstanceOfSatisfying(QueueNotAdmittedException.class, e -> assertThat(e.position()).isEqualTo(2));
        assertThat(queue.admission.admit(1).block().admitted()).as("a full room admits nobody").isZero();
    }

    @Test
    void theScriptAdmitsExactlyWhatTheAdmissionPolicyAllows() {
        queue.admin.tune(new TuneRoomCommand(1, 10, 4, null, null)).block();
        join(1, 20);
        RoomSettings settings = new RoomSettings(10, 4, 600, false);

        long active = 0;
        long admittedLastMinute = 0;
        for (int round = 0; round < 3; round++) { // at 0 s, 20 s, 40 s
            int expected = AdmissionPolicy.admissible(settings, active, admittedLastMinute);
            AdmissionRound result = queue.admission.admit(1).block();
            assertThat(result.admitted()).isEqualTo(expected);
            active = result.active();
            admittedLastMinute = result.admittedLastMinute();
            queue.clock.advance(Duration.ofSeconds(20));
        }
        // 4 per minute: 4 in the first round, none in the next two nor at 60 s (the first round's second still
        // overlaps a 60 s window with this one), 4 again once that second has left the window
        assertThat(active).isEqualTo(4);
        assertThat(admittedLastMinute).isEqualTo(4);
        AdmissionRound atSixty = queue.admission.admit(1).block();
        assertThat(atSixty.admitted()).isEqualTo(AdmissionPolicy.admissible(settings, active, admittedLastMinute)).isZero();
        queue.clock.advance(Duration.ofSeconds(1));
        AdmissionRound afterTheWindow = queue.admission.admit(1).block();
        assertThat(afterTheWindow.admittedSequence()).containsExactly(5L, 6L, 7L, 8L);
    }

    @Test
    void aSessionEndsAfterItsLengthAndFreesItsPlaceForTheNextWaiter() {
        List<String> tokens = join(1, 4);
        queue.admission.admit(1).block();

        for (int i = 0; i < 6; i++) { // the fourth keeps polling while it waits
            queue.clock.advance(Duration.ofSeconds(100));
            queue.status.status(tokens.get(3)).block();
        }
        queue.clock.advance(Duration.ofSeconds(-1));
        assertThat(queue.tokens.validate(tokens.get(0)).block()).isNotNull();
        queue.clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> queue.tokens.validate(tokens.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.status.status(tokens.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        AdmissionRound next = queue.admission.admit(1).block();
        assertThat(next.expired()).isEqualTo(3);
        assertThat(next.admittedSequence()).containsExactly(4L);
        assertThat(template.hasKey("queue:{1}:session:1").block()).isFalse();
        assertThat(template.opsForZSet().size("queue:{1}:active").block()).isEqualTo(1);
    }

    @Test
    void waitersWhoStopAskingAreSweptAfterTheGracePeriodAndTheLineMovesUp() {
        queue.admin.tune(new TuneRoomCommand(1, null, null, null, true)).block(); // nobody admitted meanwhile
        List<String> tokens = join(1, 250); // three waiter buckets
        queue.clock.advance(Duration.ofSeconds(100));
        String keeper = tokens.get(200); // user 201 keeps asking
        queue.status.status(keeper).block();
        queue.clock.advance(Duration.ofSeconds(30)); // 130 s silent for everybody else, 30 s for the keeper

        int swept = 0;
        for (int round = 0; round < 3; round++) { // the sweep covers the line within a few rounds
            swept += queue.admission.admit(1).block().swept();
        }

        assertThat(swept).isEqualTo(249);
        assertThat(template.opsForZSet().size("queue:{1}:waiting").block()).isEqualTo(1);
        assertThat(queue.status.status(keeper).block().position()).isEqualTo(1);
        assertThatThrownBy(() -> queue.status.status(tokens.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(template.keys("queue:{1}:waiters:*").collectList().block()).hasSize(1);
    }

    @Test
    void anAbandonedWaiterAtTheFrontIsSkippedNotAdmitted() {
        List<String> tokens = join(1, 2);
        queue.clock.advance(Duration.ofSeconds(100));
        queue.status.status(tokens.get(1)).block(); // only the second one is still there
        queue.clock.advance(Duration.ofSeconds(21));

        AdmissionRound round = queue.admission.admit(1).block();

        assertThat(round.admittedSequence()).containsExactly(2L);
        assertThat(round.abandoned() + round.swept()).isEqualTo(1);
        assertThat(queue.status.status(tokens.get(1)).block().status().name()).isEqualTo("ACTIVE");
    }

    @Test
    void rejoiningAfterBeingAbandonedTakesANewPlaceAtTheBack() {
        List<String> tokens = join(1, 2);
        queue.clock.advance(Duration.ofSeconds(100));
        queue.status.status(tokens.get(1)).block();
        queue.clock.advance(Duration.ofSeconds(21));

        var again = queue.join.join(new JoinQueueCommand(1, 1)).block();

        assertThat(again.created()).isTrue();
        assertThat(again.status().token()).isNotEqualTo(tokens.get(0));
        assertThat(again.status().position()).isEqualTo(2);
    }

    @Test
    void aPausedRoomAdmitsNobodyUntilItIsResumedAndEveryInstanceSeesTheSettings() {
        join(1, 5);
        RoomOverview paused = queue.admin.tune(new TuneRoomCommand(1, null, null, null, true)).block();
        assertThat(paused.paused()).isTrue();

        assertThat(queue.admission.admit(1).block().admitted()).isZero();
        QueueFixture otherInstance = new QueueFixture(redis.connectionFactory(), new RoomSettings(3, 1000, 600, false),
                Duration.ofMinutes(2));
        assertThat(otherInstance.admission.admit(1).block().admitted()).isZero();
        assertThat(otherInstance.admin.overview(1).block().paused()).isTrue();

        queue.admin.tune(new TuneRoomCommand(1, null, null, null, false)).block();
        assertThat(otherInstance.admission.admit(1).block().admittedSequence()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void operatorsSeeLiveCountsAndTheSettingsInForce() {
        join(1, 5);
        queue.admission.admit(1).block();

        RoomOverview overview = queue.admin.overview(1).block();
        assertThat(overview).isEqualTo(new RoomOverview(1, 2, 3, 3, 1000, 600, false, 3));

        RoomOverview tuned = queue.admin.tune(new TuneRoomCommand(1, 4, null, 900, null)).block();
        assertThat(tuned).isEqualTo(new RoomOverview(1, 2, 3, 4, 1000, 900, false, 3));
        assertThat(template.opsForHash().entries("queue:{1}:settings").collectMap(e -> e.getKey(), e -> e.getValue()).block())
                .containsEntry("activeCapacity", "4").containsEntry("sessionSeconds", "900").hasSize(2);
        AdmissionRound round = queue.admission.admit(1).block();
        assertThat(round.admittedSequence()).containsExactly(4L);
        assertThat(queue.status.status(queue.join.join(new JoinQueueCommand(4, 1)).block().status().token()).block()
                .activeUntil()).isEqualTo(queue.clock.instant().plusSeconds(900));
    }

    @Test
    void anExpiredTokenIsInvalidAtOnceAndFreesItsPlace() {
        List<String> tokens = join(1, 4);
        queue.admission.admit(1).block();

        queue.tokens.expire(tokens.get(0)).block();
        queue.tokens.expire(tokens.get(0)).block(); // a second expire is harmless

        assertThatThrownBy(() -> queue.tokens.validate(tokens.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(template.hasKey("queue:{1}:session:1").block()).isFalse();
        assertThat(queue.admission.admit(1).block().admittedSequence()).containsExactly(4L);
        var rejoined = queue.join.join(new JoinQueueCommand(1, 1)).block();
        assertThat(rejoined.created()).isTrue();
        assertThat(rejoined.status().token()).isNotEqualTo(tokens.get(0));
    }

    @Test
    void expiringAWaitingTokenGivesUpItsPlace() {
        List<String> tokens = join(1, 2);

        queue.tokens.expire(tokens.get(0)).block();

        assertThatThrownBy(() -> queue.status.status(tokens.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(queue.status.status(tokens.get(1)).block().position()).isEqualTo(1);
    }

    @Test
    void anActiveUserJoiningAgainGetsItsActiveTokenBack() {
        List<String> tokens = join(1, 1);
        queue.admission.admit(1).block();

        var again = queue.join.join(new JoinQueueCommand(1, 1)).block();

        assertThat(again.created()).isFalse();
        assertThat(again.status().token()).isEqualTo(tokens.get(0));
        assertThat(again.status().status().name()).isEqualTo("ACTIVE");
    }

    @Test
    void forgedOrUnknownTokensAreInvalid() {
        String token = join(1, 1).get(0);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        assertThatThrownBy(() -> queue.status.status(forged).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.status.status("1.2.AAAAAAAAAAAAAAAAAAAAAA").block())
                .isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.status.status("garbage").block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.tokens.validate(forged).block()).isInstanceOf(QueueTokenInvalidException.class);
    }

    @Test
    void theWatchStreamEndsWithTheFirstActiveStatus() {
        List<String> tokens = join(1, 4);
        queue.admission.admit(1).block();
        queue.tokens.expire(tokens.get(0)).block();

        var admitter = reactor.core.publisher.Mono.delay(Duration.ofMillis(300)).then(queue.admission.admit(1));
        List<QueueStatusView> seen = reactor.core.publisher.Flux.merge(queue.status.watch(tokens.get(3)),
                        admitter.then(reactor.core.publisher.Mono.empty()))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(seen.get(0).status().name()).isEqualTo("WAITING");
        assertThat(seen.get(seen.size() - 1).status().name()).isEqualTo("ACTIVE");
        assertThat(seen.stream().filter(QueueStatusView::active)).hasSize(1);
    }
}
