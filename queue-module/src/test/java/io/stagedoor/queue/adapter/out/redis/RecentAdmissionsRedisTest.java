package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.application.QueueServices;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The gate's memory of ACTIVE answers against real Redis: reads may ride on an answer at most max-age old, anything
 * else asks Redis, and a token this instance expires is forgotten at once. "Another instance" is a second
 * set of the queue's services over the same Redis.
 */
class RecentAdmissionsRedisTest {

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;
    private QueueFixture.Tokens thisInstance;
    private String token;

    @BeforeEach
    void admitOneUser() {
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(10, 3000, 600, false), Duration.ofMinutes(2));
        thisInstance = QueueFixture.Tokens.of(
                queue.servicesOver(queue.line, new QueueServices.Memory(Duration.ZERO, Duration.ofSeconds(1), 1000)));
        token = queue.join.join(new JoinQueueCommand(7, 1)).block().status().token();
        queue.admission.admit(1).block();
    }

    @Test
    void aReadWithinMaxAgeOfAnActiveAnswerPassesWithoutRedisEvenAfterAnotherInstanceEndedTheSession() {
        Admission first = thisInstance.validate(token).block();
        queue.tokens.expire(token).block(); // another instance: the holder paid there

        assertThat(thisInstance.validateRecent(token).block()).isEqualTo(first);
        assertThatThrownBy(() -> thisInstance.validate(token).block())
                .as("a write asks Redis").isInstanceOf(QueueTokenInvalidException.class);
    }

    @Test
    void aReadAfterMaxAgeAsksRedisAgain() {
        thisInstance.validate(token).block();
        queue.tokens.expire(token).block();

        queue.clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> thisInstance.validateRecent(token).block()).isInstanceOf(QueueTokenInvalidException.class);
    }

    @Test
    void aTokenExpiredOnThisInstanceIsRefusedAtOnce() {
        thisInstance.validate(token).block();

        thisInstance.expire(token).block();

        assertThatThrownBy(() -> thisInstance.validateRecent(token).block()).isInstanceOf(QueueTokenInvalidException.class);
    }

    @Test
    void aReadWithNoRecentAnswerAsksRedisAndIsRememberedForTheNextOne() {
        assertThat(thisInstance.validateRecent(token).block().userId().value()).isEqualTo(7);
        queue.tokens.expire(token).block();

        assertThat(thisInstance.validateRecent(token).block().userId().value()).isEqualTo(7);
    }

    @Test
    void aJoinRegistersItsRoomOncePerRefreshIntervalAndAgainAfterTheIndexWasLost() {
        ReactiveStringRedisTemplate template = redis.template();
        RedisWaitingLine line = new RedisWaitingLine(template, queue.redis.guard(), 10, Duration.ofSeconds(1));
        Instant now = queue.clock.instant();
        QueueToken candidate = QueueToken.issue(2, 8, new byte[16]);
        line.join(candidate, now, Duration.ofMinutes(2)).block();
        assertThat(template.opsForSet().isMember("queue:rooms", "2").block()).isTrue();

        template.delete("queue:rooms").block(); // Redis restarted empty
        line.join(QueueToken.issue(2, 9, new byte[16]), now.plusMillis(500), Duration.ofMinutes(2)).block();
        assertThat(template.opsForSet().isMember("queue:rooms", "2").block()).as("within the interval: one round trip").isFalse();

        line.join(QueueToken.issue(2, 10, new byte[16]), now.plusSeconds(1), Duration.ofMinutes(2)).block();
        assertThat(template.opsForSet().isMember("queue:rooms", "2").block()).as("registered again").isTrue();
    }
}
