package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.JoinResult;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.UnknownConcertException;
import io.stagedoor.queue.api.UnknownUserException;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

class JoinRedisTest {

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();
    private QueueFixture queue;
    private ReactiveStringRedisTemplate template;

    @BeforeEach
    void setUp() {
        queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(100, 3000, 600, false), Duration.ofMinutes(2));
        template = redis.template();
    }

    @Test
    void aThousandConcurrentJoinsGetPositionsOneToAThousandInSequenceOrderWithoutGapsOrDuplicates() throws Exception {
        int users = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JoinResult>> futures = new ArrayList<>();
        for (long userId = 1; userId <= users; userId++) {
            long id = userId;
            futures.add(pool.submit(() -> {
                start.await();
                return queue.join.join(new JoinQueueCommand(id, 1)).block(Duration.ofSeconds(30));
            }));
        }
        start.countDown();
        List<JoinResult> results = new ArrayList<>();
        for (Future<JoinResult> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(results).allMatch(JoinResult::created);
        assertThat(results.stream().map(r -> r.status().position()).collect(Collectors.toSet()))
                .isEqualTo(LongStream.rangeClosed(1, users).boxed().collect(Collectors.toSet()));
        assertThat(results.stream().map(r -> r.status().token()).distinct()).hasSize(users);

        // the line in Redis: every user once, sequence numbers exactly 1..1000
        List<TypedTuple<String>> line = template.opsForZSet()
                .rangeWithScores("queue:{1}:waiting", Range.closed(0L, -1L)).collectList().block();
        assertThat(line).hasSize(users);
        assertThat(line.stream().map(t -> t.getScore().longValue()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, users).boxed().toList());
        assertThat(template.opsForValue().get("queue:{1}:seq").block()).isEqualTo(Integer.toString(users));

        // each user's position is its sequence number, read back through status
        for (var tuple : line) {
            long seq = tuple.getScore().longValue();
            JoinResult mine = results.stream().filter(r -> r.status().userId().value() == Long.parseLong(tuple.getValue()))
                    .findFirst().orElseThrow();
            assertThat(mine.status().position()).isEqualTo(seq);
            QueueStatusView now = queue.status.status(mine.status().token()).block();
            assertThat(now.position()).isEqualTo(seq);
            assertThat(now.ahead()).isEqualTo(seq - 1);
        }
    }

    @Test
    void fiftyRacingJoinsOfOneUserGetOneTokenAndOnePlace() throws Exception {
        queue.join.join(new JoinQueueCommand(900, 1)).block(); // someone is ahead
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JoinResult>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return queue.join.join(new JoinQueueCommand(42, 1)).block(Duration.ofSeconds(30));
            }));
        }
        start.countDown();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        int created = 0;
        for (Future<JoinResult> future : futures) {
            JoinResult result = future.get(60, TimeUnit.SECONDS);
            tokens.add(result.status().token());
            assertThat(result.status().position()).isEqualTo(2);
            created += result.created() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(tokens).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(template.opsForZSet().size("queue:{1}:waiting").block()).isEqualTo(2);
        assertThat(template.opsForValue().get("queue:{1}:seq").block()).isEqualTo("2");
    }

    @Test
    void joiningAgainReturnsTheSameTokenAndPlaceAndJoiningAnotherConcertIsASeparateLine() {
        JoinResult first = queue.join.join(new JoinQueueCommand(5, 1)).block();
        queue.join.join(new JoinQueueCommand(6, 1)).block();
        JoinResult again = queue.join.join(new JoinQueueCommand(5, 1)).block();
        JoinResult otherConcert = queue.join.join(new JoinQueueCommand(5, 2)).block();

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(otherConcert.created()).isTrue();
        assertThat(otherConcert.status().token()).isNotEqualTo(first.status().token()).startsWith("2.5.");
        assertThat(otherConcert.status().position()).isEqualTo(1);
        assertThat(template.opsForSet().members("queue:rooms").collectList().block()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void aJoinIntoABusyRoomThisInstanceRegisteredLatelyIsOneRedisCommand() {
        queue.join.join(new JoinQueueCommand(1, 1)).block(); // registers the room
        try (var connection = redis.connectionFactory().getConnection()) {
            connection.serverCommands().resetConfigStats();
            for (long userId = 2; userId <= 21; userId++) {
                queue.join.join(new JoinQueueCommand(userId, 1)).block();
            }
            Properties stats = connection.serverCommands().info("commandstats");
            // the commands the client sent (a script's own calls are counted under their names too, so they are left out)
            assertThat(stats.getProperty("cmdstat_evalsha")).startsWith("calls=20,");
            assertThat(stats.stringPropertyNames()).doesNotContain("cmdstat_eval", "cmdstat_sadd", "cmdstat_smembers");
        }
    }

    @Test
    void aNewTokenStartsWaitingWithTheFullStatusShape() {
        QueueStatusView view = queue.join.join(new JoinQueueCommand(5, 3)).block().status();

        assertThat(view.status().name()).isEqualTo("WAITING");
        assertThat(view.userId().value()).isEqualTo(5);
        assertThat(view.concertId().value()).isEqualTo(3);
        assertThat(view.token()).as("<concert>.<user>.<seq>.<random>.<seal>")
                .matches("3\\.5\\.1\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");
        assertThat(view.position()).isEqualTo(1);
        assertThat(view.ahead()).isZero();
        assertThat(view.estimatedWaitSeconds()).as("first in an empty room: in at the next round").isZero();
        assertThat(view.pollAfterMillis()).isBetween(1_000L, 30_000L);
        assertThat(view.activeUntil()).isNull();
        assertThat(view.paused()).isFalse();
    }

    @Test
    void unknownUsersAndConcertsGetNoToken() {
        assertThatThrownBy(() -> queue.join.join(new JoinQueueCommand(QueueFixture.MAX_USER + 1, 1)).block())
                .isInstanceOf(UnknownUserException.class);
        assertThatThrownBy(() -> queue.join.join(new JoinQueueCommand(1, QueueFixture.MAX_CONCERT + 1)).block())
                .isInstanceOf(UnknownConcertException.class);
        assertThat(template.keys("queue:*").collectList().block()).isEmpty();
    }

    @Test
    void tokensAreUnguessableAndDistinctAcrossUsers() {
        Set<String> secrets = new HashSet<>();
        for (long userId = 1; userId <= 200; userId++) {
            String token = queue.join.join(new JoinQueueCommand(userId, 4)).block().status().token();
            secrets.add(token.substring(token.lastIndexOf('.') + 1));
        }
        assertThat(secrets).hasSize(200).allMatch(secret -> secret.length() == 22);
    }
}
