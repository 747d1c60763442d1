package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Status from memory (docs/queue.md) against a real Redis: polls of waiters the picture is sure of cost no Redis
 * command, ACTIVE only ever comes from Redis, heartbeats gathered in memory keep pollers from the abandon sweep, and a
 * tampered token is refused without Redis. Nothing ticks in the background here, so Redis's command counts are exact.
 */
class StatusFromMemoryRedisTest {

    private static final long CONCERT = 4;

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;

    @BeforeEach
    void pausedRoom() {
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(2, 1000, 600, false), Duration.ofSeconds(30));
        queue.admin.tune(new io.stagedoor.queue.api.TuneRoomCommand(CONCERT, null, null, null, true)).block();
    }

    @Test
    void pollsOfWaitersInThePictureCostNoRedisCommandAndTellExactPositions() {
        List<String> tokens = joinUsers(1, 5);
        queue.memoryAdmission.admit(CONCERT).block(); // paused: admits nobody, takes the picture

        long before = commandCalls();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < tokens.size(); i++) {
                QueueStatusView view = queue.memoryStatus.status(tokens.get(i)).block();
                assertThat(view.position()).isEqualTo(i + 1);
                assertThat(view.paused()).isTrue();
                assertThat(view.estimatedWaitSeconds()).as("paused: the wait is unknown").isNull();
            }
        }
        long after = commandCalls();

        assertThat(after - before).as("Redis commands for 100 polls (INFO itself counts one)").isLessThanOrEqualTo(1);
    }

    @Test
    void aNonAdmittedTokenNeverReadsActiveAndAnAdmittedOneReadsActiveAfterTheNextRound() {
        List<String> tokens = joinUsers(1, 4);
        queue.memoryAdmission.admit(CONCERT).block();
        queue.admin.tune(new io.stagedoor.queue.api.TuneRoomCommand(CONCERT, null, null, null, false)).block();

        queue.memoryAdmission.admit(CONCERT).block(); // capacity 2: the first two are in

        assertThat(queue.memoryStatus.status(tokens.get(0)).block().status().name()).isEqualTo("ACTIVE");
        assertThat(queue.memoryStatus.status(tokens.get(1)).block().status().name()).isEqualTo("ACTIVE");
        QueueStatusView third = queue.memoryStatus.status(tokens.get(2)).block();
        assertThat(third.status().name()).isEqualTo("WAITING");
        assertThat(third.position()).isEqualTo(1);
        assertThat(queue.memoryStatus.status(tokens.get(3)).block().position()).isEqualTo(2);
    }

    @Test
    void aTokenThatJoinedAfterThePictureIsAnsweredByRedisAndItsPositionNeverGrows() {
        List<String> early = joinUsers(1, 3);
        queue.memoryAdmission.admit(CONCERT).block();
        String late = joinUsers(10, 1).get(0);

        assertThat(queue.memoryStatus.status(late).block().position()).as("not in the picture yet: asks Redis")
                .isEqualTo(4);
        queue.tokens.expire(early.get(0)).block(); // leaves: everybody behind moves up
        assertThat(queue.memoryStatus.status(late).block().position()).isEqualTo(3);
        queue.memoryAdmission.admit(CONCERT).block();
        assertThat(queue.memoryStatus.status(late).block().position()).isEqualTo(3);
    }

    @Test
    void waitersAnsweredFromMemoryAreNotSweptButSilentOnesAre() {
        List<String> tokens = joinUsers(1, 2);
        String polling = tokens.get(0);
        String silent = tokens.get(1);
        queue.memoryAdmission.admit(CONCERT).block();

        for (int second = 0; second < 50; second += 5) { // 50 s > the 30 s grace period
            queue.clock.advance(Duration.ofSeconds(5));
            queue.memoryAdmission.admit(CONCERT).block(); // writes the heartbeats, sweeps, takes the picture
            assertThat(queue.memoryStatus.status(polling).block().status().name()).isEqualTo("WAITING");
        }

        assertThat(queue.status.status(polling).block().position()).as("Redis agrees: still in line").isEqualTo(1);
        assertThatThrownBy(() -> queue.status.status(silent).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.memoryStatus.status(silent).block()).isInstanceOf(QueueTokenInvalidException.class);
    }

    @Test
    void aTamperedTokenIsRefusedWithoutAskingRedis() {
        String token = joinUsers(1, 1).get(0);
        QueueToken parsed = QueueToken.parse(token).orElseThrow();
        String forged = parsed.concertId() + "." + parsed.userId() + "." + (parsed.seq() + 1000) + "."
                + parsed.secret().substring(parsed.secret().indexOf('.') + 1) + "." + parsed.seal();
        queue.memoryAdmission.admit(CONCERT).block();

        long before = commandCalls();
        assertThatThrownBy(() -> queue.memoryStatus.status(forged).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.tokens.validate(forged).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(commandCalls() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void anOldFormatTokenIsStillAnsweredByRedis() {
        // a place taken before tokens carried their sequence number: the stored secret is the random part alone
        redis.template().opsForZSet().add("queue:{4}:waiting", "77", 5).block();
        redis.template().opsForHash().put("queue:{4}:waiters:0", "77",
                "AQIDBAUGBwgJCgsMDQ4P_w:" + queue.clock.instant().getEpochSecond()).block();
        queue.memoryAdmission.admit(CONCERT).block();

        QueueStatusView view = queue.memoryStatus.status("4.77.AQIDBAUGBwgJCgsMDQ4P_w").block();

        assertThat(view.status().name()).isEqualTo("WAITING");
        assertThat(view.position()).isEqualTo(1);
    }

    @Test
    void aPictureTooOldAnswersNothingSoPollsAskRedisAgain() {
        String token = joinUsers(1, 1).get(0);
        queue.memoryAdmission.admit(CONCERT).block();
        queue.clock.advance(Duration.ofSeconds(4)); // the fixture's pictures live 3 s

        long before = commandCalls();
        queue.memoryStatus.status(token).block();

        assertThat(commandCalls() - before).as("status.lua and what it calls").isGreaterThan(1);
    }

    private List<String> joinUsers(long firstUser, int count) {
        List<String> tokens = new ArrayList<>();
        for (long user = firstUser; user < firstUser + count; user++) {
            tokens.add(queue.join.join(new JoinQueueCommand(user, CONCERT)).block().status().token());
        }
        return tokens;
    }

    /** Every command Redis ran so far, scripts' own calls included ({@code INFO commandstats}). */
    private long commandCalls() {
        org.springframework.data.redis.connection.ReactiveRedisConnection connection =
                redis.connectionFactory().getReactiveConnection();
        Properties stats = connection.serverCommands().info("commandstats").block();
        long calls = 0;
        for (String name : stats.stringPropertyNames()) {
            String value = stats.getProperty(name);
            int at = value.indexOf("calls=");
            if (name.startsWith("cmdstat_") && at >= 0) {
                calls += Long.parseLong(value.substring(at + 6, value.indexOf(',', at)));
            }
        }
        return calls;
    }
}
