package io.stagedoor.queue.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.JoinResult;
import io.stagedoor.queue.api.QueueNotAdmittedException;
import io.stagedoor.queue.api.QueueStatus;
import io.stagedoor.queue.api.QueueStatusView;
import io.stagedoor.queue.api.QueueTokenInvalidException;
import io.stagedoor.queue.api.RoomOverview;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.support.QueueFixture;
import io.stagedoor.testsupport.TestRedisCluster.Node;
import io.stagedoor.testsupport.TestRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The queue's Redis adapter (every script and every command path of {@link RedisWaitingLine}) on a real Redis Cluster
 * of three local masters, laid out so that each of two rooms has a master of its own serving only that room's slot.
 * Redis refuses a script that declares keys of two slots (CROSSSLOT) or that touches a key served by another node
 * ("non local key"); on such a layout, any room script that touched a key of any slot other than its room's would
 * fail. The flows work, and every key they leave behind sits in its room's slot, as CLUSTER KEYSLOT says.
 */
class RedisClusterScriptsTest {

    private static final long ROOM_A = 1;
    private static final long ROOM_B = 7;
    private static final Pattern ROOM_KEY =
            Pattern.compile("queue:\\{(\\d+)}:(seq|waiting|active|admitted|settings|sweep|waiters:\\d+|session:\\d+)");
    private static final Set<String> ALL_KINDS =
            Set.of("seq", "waiting", "active", "admitted", "settings", "sweep", "waiters", "session");

    private static TestRedisCluster cluster;
    private QueueFixture queue;
    private ReactiveStringRedisTemplate template;

    @BeforeAll
    static void startCluster() {
        cluster = TestRedisCluster.isolating(SlotHash.getSlot("{" + ROOM_A + "}"), SlotHash.getSlot("{" + ROOM_B + "}"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void setUp() {
        cluster.flush();
        queue = new QueueFixture(cluster.connectionFactory(), new RoomSettings(2, 100, 60, false), Duration.ofMinutes(2));
        template = cluster.template();
    }

    @Test
    void eachRoomHasAMasterServingOnlyItsSlotAndTheClusterRefusesScriptsThatReachAnotherSlot() {
        int slotA = cluster.keySlot("{" + ROOM_A + "}");
        int slotB = cluster.keySlot("{" + ROOM_B + "}");
        Node masterA = cluster.nodeServing(slotA);
        Node masterB = cluster.nodeServing(slotB);
        Node rooms = cluster.nodeServing(cluster.keySlot(RoomKeys.ROOMS));
        assertThat(Set.of(masterA, masterB, rooms)).hasSize(3);
        assertThat(cluster.slotsServedBy(masterA)).containsExactly(slotA);
        assertThat(cluster.slotsServedBy(masterB)).containsExactly(slotB);
        RoomKeys a = new RoomKeys(ROOM_A);
        RoomKeys b = new RoomKeys(ROOM_B);

        // declared keys of two rooms
        assertThatThrownBy(() -> run("return redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])",
                List.of(a.waiting(), b.waiting()), List.of())).hasStackTraceContaining("CROSSSLOT");
        // a key built inside the script from another room's prefix, as the scripts build waiters:/session: keys
        assertThatThrownBy(() -> run("redis.call('ZCARD', KEYS[1]) return redis.call('GET', ARGV[1] .. 'session:1')",
                List.of(a.waiting()), List.of(b.prefix()))).hasStackTraceContaining("non local key");
        // the index of rooms, from inside a room's script
        assertThatThrownBy(() -> run("redis.call('ZCARD', KEYS[1]) return redis.call('SCARD', ARGV[1])",
                List.of(a.waiting()), List.of(RoomKeys.ROOMS))).hasStackTraceContaining("non local key");
        // while keys built from the room's own prefix are fine
        assertThat(run("redis.call('ZCARD', KEYS[1]) return redis.call('INCR', ARGV[1] .. 'session:1')",
                List.of(a.waiting()), List.of(a.prefix()))).isEqualTo(1L);
    }

    @Test
    void twoRoomsOnTheirOwnMastersJoinWaitAndAreAdmittedInArrivalOrder() {
        queue.admin.tune(new TuneRoomCommand(ROOM_A, 3, null, null, null)).block();
        queue.admin.tune(new TuneRoomCommand(ROOM_B, null, null, 90, null)).block();
        List<String> inA = new ArrayList<>();
        List<String> inB = new ArrayList<>();
        for (long userId = 1; userId <= 6; userId++) { // interleaved, the same users in both rooms
            JoinResult joinedA = queue.join.join(new JoinQueueCommand(userId, ROOM_A)).block();
            assertThat(joinedA.created()).isTrue();
            assertThat(joinedA.status().position()).isEqualTo(userId);
            inA.add(joinedA.status().token());
            if (userId <= 4) {
                JoinResult joinedB = queue.join.join(new JoinQueueCommand(userId, ROOM_B)).block();
                assertThat(joinedB.status().position()).isEqualTo(userId);
                inB.add(joinedB.status().token());
            }
        }
        JoinResult again = queue.join.join(new JoinQueueCommand(2, ROOM_A)).block();
        assertThat(again.created()).isFalse();
        assertThat(again.status().token()).isEqualTo(inA.get(1));
        assertThat(again.status().position()).isEqualTo(2);
        assertThat(queue.status.status(inA.get(4)).block().position()).isEqualTo(5);
        assertThat(queue.admin.overview(ROOM_B).block()).isEqualTo(new RoomOverview(ROOM_B, 4, 0, 2, 100, 90, false, 0));
        assertThat(template.opsForSet().members(RoomKeys.ROOMS).collectList().block())
                .containsExactlyInAnyOrder(Long.toString(ROOM_A), Long.toString(ROOM_B));

        assertThat(queue.admission.admitAll().block()).as("3 in A (tuned), 2 in B").isEqualTo(5);

        for (int i = 0; i < 3; i++) {
            QueueStatusView view = queue.status.status(inA.get(i)).block();
            assertThat(view.status()).isEqualTo(QueueStatus.ACTIVE);
            assertThat(view.activeUntil()).isEqualTo(queue.clock.instant().plusSeconds(60));
            Admission admission = queue.tokens.validate(inA.get(i)).block();
            assertThat(admission.userId().value()).isEqualTo(i + 1);
            assertThat(admission.concertId().value()).isEqualTo(ROOM_A);
        }
        assertThat(queue.status.status(inB.get(1)).block().activeUntil()).isEqualTo(queue.clock.instant().plusSeconds(90));
        assertThat(queue.tokens.validate(inB.get(0)).block().concertId().value()).isEqualTo(ROOM_B);
        assertThat(queue.status.status(inA.get(3)).block().position()).isEqualTo(1);
        assertThat(queue.status.status(inB.get(2)).block().position()).isEqualTo(1);
        assertThatThrownBy(() -> queue.tokens.validate(inB.get(3)).block())
                .isInstanceOfSatisfying(QueueNotAdmittedException.class, e -> assertThat(e.position()).isEqualTo(2));
        assertThat(queue.admin.overview(ROOM_A).block()).isEqualTo(new RoomOverview(ROOM_A, 3, 3, 3, 100, 60, false, 3));
        assertThat(queue.admin.overview(ROOM_B).block()).isEqualTo(new RoomOverview(ROOM_B, 2, 2, 2, 100, 90, false, 2));

        Map<Long, Set<String>> kinds = assertEveryRoomKeyIsInItsRoomsSlotOnItsRoomsMaster();
        assertThat(kinds).containsOnlyKeys(ROOM_A, ROOM_B);
        assertThat(kinds.get(ROOM_A)).isEqualTo(ALL_KINDS);
        assertThat(kinds.get(ROOM_B)).isEqualTo(ALL_KINDS);
    }

    @Test
    void expiredTokensEndedSessionsAndSilentWaitersLeaveTheirRoomsOnTheirOwnMasters() {
        queue.admin.tune(new TuneRoomCommand(ROOM_B, null, null, null, true)).block();
        List<String> inA = new ArrayList<>();
        List<String> inB = new ArrayList<>();
        for (long userId = 1; userId <= 5; userId++) {
            inA.add(queue.join.join(new JoinQueueCommand(userId, ROOM_A)).block().status().token());
            if (userId <= 3) {
                inB.add(queue.join.join(new JoinQueueCommand(userId, ROOM_B)).block().status().token());
            }
        }
        assertThat(queue.admission.admit(ROOM_A).block().admittedSequence()).containsExactly(1L, 2L);
        assertThat(queue.admission.admit(ROOM_B).block().admitted()).as("B is paused").isZero();

        queue.tokens.expire(inA.get(0)).block(); // an active session
        queue.tokens.expire(inB.get(0)).block(); // a waiting place
        assertThatThrownBy(() -> queue.tokens.validate(inA.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.status.status(inB.get(0)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(queue.status.status(inB.get(1)).block().position()).isEqualTo(1);
        assertThat(template.hasKey(new RoomKeys(ROOM_A).session(1)).block()).isFalse();

        queue.clock.advance(Duration.ofSeconds(61)); // user 2's session in A ends; A's 3, 4 and B's 2 keep asking
        queue.status.status(inA.get(2)).block();
        queue.status.status(inA.get(3)).block();
        queue.status.status(inB.get(1)).block();
        queue.clock.advance(Duration.ofSeconds(61)); // A's 5 and B's 3 silent for 122 s: abandoned
        queue.admin.tune(new TuneRoomCommand(ROOM_B, null, null, null, false)).block();

        AdmissionRound roundA = queue.admission.admit(ROOM_A).block();
        assertThat(roundA.expired()).isEqualTo(1);
        assertThat(roundA.swept() + roundA.abandoned()).isEqualTo(1);
        assertThat(roundA.admittedSequence()).containsExactly(3L, 4L);
        AdmissionRound roundB = queue.admission.admit(ROOM_B).block();
        assertThat(roundB.swept() + roundB.abandoned()).isEqualTo(1);
        assertThat(roundB.admittedSequence()).containsExactly(2L);

        assertThatThrownBy(() -> queue.tokens.validate(inA.get(1)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.status.status(inA.get(4)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThatThrownBy(() -> queue.status.status(inB.get(2)).block()).isInstanceOf(QueueTokenInvalidException.class);
        assertThat(queue.tokens.validate(inA.get(3)).block().userId().value()).isEqualTo(4);
        assertThat(queue.tokens.validate(inB.get(1)).block().userId().value()).isEqualTo(2);
        assertThat(template.hasKey(new RoomKeys(ROOM_A).session(2)).block()).isFalse();
        assertThat(queue.admin.overview(ROOM_A).block().waiting()).isZero();
        assertThat(queue.admin.overview(ROOM_B).block().waiting()).isZero();

        Map<Long, Set<String>> kinds = assertEveryRoomKeyIsInItsRoomsSlotOnItsRoomsMaster();
        assertThat(kinds.get(ROOM_A)).contains("seq", "active", "admitted", "session", "sweep");
        assertThat(kinds.get(ROOM_B)).contains("seq", "active", "admitted", "session", "settings", "sweep");
    }

    @Test
    void anIdleRoomLeavesTheListOnTheClusterAndAJoinPutsItBack() {
        queue.admin.tune(new TuneRoomCommand(ROOM_B, null, null, null, true)).block(); // B is paused: its waiter stays
        String firstInA = queue.join.join(new JoinQueueCommand(1, ROOM_A)).block().status().token();
        queue.join.join(new JoinQueueCommand(1, ROOM_B)).block();
        assertThat(queue.admission.admitAll().block()).isEqualTo(1);
        queue.tokens.expire(firstInA).block(); // paid

        queue.admission.admitAll().block(); // A is idle: SREM on the third master, the re-count on A's own master

        assertThat(rooms()).containsExactly(Long.toString(ROOM_B));
        String secondInA = queue.join.join(new JoinQueueCommand(2, ROOM_A)).block().status().token();
        assertThat(rooms()).as("the join found A idle").containsExactlyInAnyOrder(Long.toString(ROOM_A), Long.toString(ROOM_B));
        queue.admission.admitAll().block();
        assertThat(queue.tokens.validate(secondInA).block().userId().value()).isEqualTo(2);

        queue.tokens.expire(secondInA).block();
        assertThat(queue.admission.admit(ROOM_A).block().idle()).isTrue();
        queue.join.join(new JoinQueueCommand(3, ROOM_A)).block(); // between the idle round and the retirement
        assertThat(queue.line.retire(ROOM_A).block()).as("the re-count on A's master sees the waiter").isFalse();
        assertThat(rooms()).contains(Long.toString(ROOM_A));

        Map<Long, Set<String>> kinds = assertEveryRoomKeyIsInItsRoomsSlotOnItsRoomsMaster();
        assertThat(kinds).containsOnlyKeys(ROOM_A, ROOM_B);
    }

    private List<String> rooms() {
        return template.opsForSet().members(RoomKeys.ROOMS).collectList().block();
    }

    /**
     * Walks every key every master holds: each is {@code queue:rooms} or a documented room key, CLUSTER KEYSLOT puts
     * it in its room's slot, and it is held by the master serving that slot. Returns the kinds of keys per room.
     */
    private Map<Long, Set<String>> assertEveryRoomKeyIsInItsRoomsSlotOnItsRoomsMaster() {
        Map<Long, Set<String>> kinds = new HashMap<>();
        int checked = 0;
        for (Node node : cluster.nodes()) {
            for (String key : cluster.keysOn(node, "*")) {
                int slot = cluster.keySlot(key);
                assertThat(cluster.nodeServing(slot)).as("the master holding %s", key).isEqualTo(node);
                checked++;
                if (key.equals(RoomKeys.ROOMS)) {
                    continue;
                }
                Matcher matcher = ROOM_KEY.matcher(key);
                assertThat(matcher.matches()).as("%s is a documented room key", key).isTrue();
                long concertId = Long.parseLong(matcher.group(1));
                assertThat(slot).as("slot of %s", key).isEqualTo(cluster.keySlot("{" + concertId + "}"));
                kinds.computeIfAbsent(concertId, id -> new TreeSet<>()).add(matcher.group(2).replaceAll(":\\d+", ""));
            }
        }
        assertThat(checked).isPositive();
        return kinds;
    }

    private Object run(String script, List<String> keys, List<String> args) {
        return template.execute(RedisScript.of(script, Long.class), keys, args).blockFirst();
    }
}
