package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.FreshRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Cluster safety and memory: every key a room script touches hashes to the room's slot (CRC16 of the hash tag, as
 * CLUSTER KEYSLOT computes it), and a waiter costs less than 200 bytes of Redis memory.
 */
class RoomKeysTest {

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();

    @Test
    void everyKeyEveryScriptTouchesIsInItsRoomsSlot() {
        QueueFixture queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(2, 100, 600, false),
                Duration.ofMinutes(2));
        for (long concertId : List.of(1L, 7L, 42L)) {
            queue.admin.tune(new TuneRoomCommand(concertId, null, null, 60, null)).block();
            List<String> tokens = new ArrayList<>();
            for (long userId = 1; userId <= 150; userId++) { // two waiter buckets
                tokens.add(queue.join.join(new JoinQueueCommand(userId, concertId)).block().status().token());
            }
            queue.admission.admit(concertId).block();
            queue.status.status(tokens.get(0)).block();
            queue.status.status(tokens.get(10)).block();
            queue.tokens.validate(tokens.get(0)).block();
            queue.tokens.expire(tokens.get(1)).block();
            queue.clock.advance(Duration.ofSeconds(61));
            queue.admission.admit(concertId).block(); // expired sessions, sweep
            queue.admin.overview(concertId).block();
        }

        ReactiveStringRedisTemplate template = redis.template();
        List<String> keys = template.keys("queue:*").collectList().block();
        Pattern roomKey = Pattern.compile("queue:\\{(\\d+)}:(seq|waiting|active|admitted|settings|sweep|waiters:\\d+|session:\\d+)");
        Set<String> kinds = new HashSet<>();
        for (String key : keys) {
            if (key.equals(RoomKeys.ROOMS)) {
                continue; // the index of rooms: plain commands only, never inside a script
            }
            Matcher matcher = roomKey.matcher(key);
            assertThat(matcher.matches()).as("%s is a documented room key", key).isTrue();
            long concertId = Long.parseLong(matcher.group(1));
            assertThat(SlotHash.getSlot(key)).as(key).isEqualTo(SlotHash.getSlot("{" + concertId + "}"));
            kinds.add(matcher.group(2).replaceAll(":\\d+", ""));
        }
        // the fixed keys each script declares, and the keys it builds from the prefix, are all room keys
        for (long concertId : List.of(1L, 7L, 42L)) {
            RoomKeys room = new RoomKeys(concertId);
            List<String> declared = new ArrayList<>(room.fixed());
            declared.add(room.waiters(12_345));
            declared.add(room.session(99));
            assertThat(declared).allSatisfy(key ->
                    assertThat(SlotHash.getSlot(key)).isEqualTo(SlotHash.getSlot("{" + concertId + "}")));
        }
        assertThat(kinds).contains("seq", "waiting", "active", "admitted", "settings", "sweep", "waiters", "session");
        assertThat(SlotHash.getSlot("queue:{1}:waiting")).isNotEqualTo(SlotHash.getSlot("queue:{7}:waiting"));
    }

    @Test
    void aWaiterCostsLessThanTwoHundredBytes() {
        QueueFixture queue = new QueueFixture(redis.connectionFactory(), new RoomSettings(2, 100, 600, true),
                Duration.ofMinutes(2));
        int waiters = 5_000;
        for (long userId = 1; userId <= waiters; userId++) {
            queue.join.join(new JoinQueueCommand(100_000 - userId, 3)).block();
        }
        ReactiveStringRedisTemplate template = redis.template();
        List<String> keys = template.keys("queue:{3}:*").collectList().block();
        long bytes = template.execute(org.springframework.data.redis.core.script.RedisScript.of(
                "local sum = 0 for _, key in ipairs(KEYS) do sum = sum + redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0') end"
                        + " return sum", Long.class), keys, List.of()).blockFirst();
        long perWaiter = bytes / waiters;
        System.out.println("Redis memory per waiter: " + perWaiter + " bytes (" + bytes + " for " + waiters + ")");
        assertThat(perWaiter).isLessThan(200);
    }
}
