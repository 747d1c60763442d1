package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.AdmitWaitersUseCase;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.queue.support.RetirementOverride;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Rooms leave {@code queue:rooms} (the admitter's work list) once an admission round finds them idle, and come back
 * with the next join, on a real Redis. Sessions last 60 s; the fixture's clock only moves when a test moves it.
 */
class RoomRetirementRedisTest {

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;
    private ReactiveStringRedisTemplate template;

    @BeforeEach
    void setUp() {
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(2, 1000, 60, false), Duration.ofMinutes(2));
        template = redis.template();
    }

    private String join(long userId, long concertId) {
        return queue.join.join(new JoinQueueCommand(userId, concertId)).block().status().token();
    }

    private boolean listed(long concertId) {
        return template.opsForSet().isMember(RoomKeys.ROOMS, Long.toString(concertId)).block();
    }

    @Test
    void aRoomOnlyAnOperatorTunedLeavesTheIndexAfterARoundAndKeepsItsSettings() {
        queue.admin.tune(new TuneRoomCommand(1, 5, null, null, true)).block();
        assertThat(listed(1)).isTrue();

        queue.admission.admitAll().block();

        assertThat(listed(1)).isFalse();
        assertThat(template.opsForHash().get("queue:{1}:settings", "activeCapacity").block()).isEqualTo("5");
        assertThat(queue.admin.overview(1).block().paused()).isTrue();
    }

    @Test
    void aRoomWithWaitersStaysListed() {
        queue.admin.tune(new TuneRoomCommand(1, null, null, null, true)).block(); // paused: the waiter stays waiting
        join(1, 1);

        queue.admission.admitAll().block();
        queue.admission.admitAll().block();

        assertThat(listed(1)).isTrue();
    }

    @Test
    void aRoomWithActiveSessionsStaysListed() {
        join(1, 1);

        assertThat(queue.admission.admitAll().block()).isEqualTo(1);
        queue.clock.advance(Duration.ofSeconds(59));
        queue.admission.admitAll().block(); // nobody waiting, one session running

        assertThat(listed(1)).isTrue();
    }

    @Test
    void aRoomWhoseLastWaitersAreAdmittedAndWhoseSessionsThenEndIsRetiredKeepingItsSequenceAndCounters() {
        join(1, 1);
        join(2, 1);
        join(3, 2);
        queue.admission.admitAll().block();
        assertThat(listed(1)).isTrue();

        queue.clock.advance(Duration.ofSeconds(60));
        queue.admission.admitAll().block();

        assertThat(listed(1)).isFalse();
        assertThat(listed(2)).isFalse();
        assertThat(template.opsForValue().get("queue:{1}:seq").block()).isEqualTo("2");
        assertThat(template.hasKey("queue:{1}:admitted").block()).isTrue();
        join(4, 1);
        assertThat(listed(1)).isTrue();
        assertThat(template.opsForZSet().score("queue:{1}:waiting", "4").block()).as("the sequence goes on").isEqualTo(3.0);
    }

    @Test
    void aRoomWhoseLastWaiterLeavesIsRetired() {
        queue.admin.tune(new TuneRoomCommand(1, null, null, null, true)).block();
        String token = join(1, 1);
        queue.admission.admitAll().block();

        queue.tokens.expire(token).block();
        queue.admission.admitAll().block();

        assertThat(listed(1)).isFalse();
    }

    @Test
    void aJoinIntoARetiredRoomPutsItBackAtOnceEvenWhenThisInstanceRegisteredItMomentsAgo() {
        queue.tokens.expire(join(1, 1)).block(); // this instance registered room 1 just now (the clock stands still)
        queue.admission.admitAll().block();
        assertThat(listed(1)).isFalse();

        String token = join(2, 1);

        assertThat(listed(1)).as("listed when the join answers, before any tick").isTrue();
        assertThat(queue.admission.admitAll().block()).isEqualTo(1);
        assertThat(queue.status.status(token).block().active()).isTrue();
    }

    @Test
    void aJoinBetweenTheIdleRoundAndTheRetirementKeepsTheRoomListed() {
        queue.admin.tune(new TuneRoomCommand(1, null, null, 90, null)).block();
        assertThat(queue.admission.admit(1).block().idle()).isTrue();
        QueueFixture otherInstance = new QueueFixture(redis.connectionFactory(), new RoomSettings(2, 1000, 60, false),
                Duration.ofMinutes(2));
        String token = otherInstance.join.join(new JoinQueueCommand(7, 1)).block().status().token(); // script, SADD

        assertThat(queue.line.retire(1).block()).as("the re-count after the SREM sees the waiter").isFalse();

        assertThat(listed(1)).isTrue();
        queue.admission.admitAll().block();
        assertThat(queue.status.status(token).block().active()).isTrue();
    }

    @Test
    void aRoomAnotherInstanceRetiredFirstIsNotRecountedAndStaysOff() {
        queue.admin.tune(new TuneRoomCommand(1, null, null, 90, null)).block();
        QueueFixture otherInstance = new QueueFixture(redis.connectionFactory(), new RoomSettings(2, 1000, 60, false),
                Duration.ofMinutes(2));

        assertThat(otherInstance.line.retire(1).block()).isTrue();
        assertThat(queue.line.retire(1).block()).isFalse();

        assertThat(listed(1)).isFalse();
    }

    @Test
    void aRetirementThatFailsHalfWayPutsTheRoomBackAtThisInstancesNextTick() {
        RoomIndex index = new RoomIndex(template);
        index.add(3).block();

        assertThatThrownBy(() -> index.retire(3, Mono.error(new TimeoutException("re-count timed out"))).block())
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(listed(3)).as("off the list, and nobody knows whether someone joined").isFalse();

        assertThat(index.members().collectList().block()).containsExactly(3L);
        assertThat(listed(3)).isTrue();
        assertThat(index.retire(3, Mono.just(0L)).block()).as("the next idle round retires it").isTrue();
        assertThat(index.members().collectList().block()).isEmpty();
    }

    @Test
    void aFailedRetirementNeverFailsTheTickAndTheNextIdleRoundTriesAgain() {
        queue.admin.tune(new TuneRoomCommand(1, null, null, 90, null)).block();
        join(1, 2);
        AdmitWaitersUseCase failingRetirements = queue.admissionOver(
                new RetirementOverride(queue.line, concertId -> Mono.error(new IllegalStateException("Redis went away"))));

        assertThat(failingRetirements.admitAll().block()).as("room 2's admission still counts").isEqualTo(1);
        assertThat(listed(1)).isTrue();

        queue.admission.admitAll().block();
        assertThat(listed(1)).isFalse();
    }
}
