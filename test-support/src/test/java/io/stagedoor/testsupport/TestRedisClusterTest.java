package io.stagedoor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

class TestRedisClusterTest {

    @Test
    void threeLocalMastersShareTheSlotsRefuseCrossSlotScriptsAndLeaveNothingBehind() {
        List<Process> processes;
        Path directory;
        try (TestRedisCluster cluster = TestRedisCluster.create()) {
            processes = cluster.processes();
            directory = cluster.directory();
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.nodes().stream().map(node -> cluster.slotsServedBy(node).size()).toList())
                    .containsExactly(5461, 5462, 5461);
            assertThat(cluster.keySlot("{a}x")).isEqualTo(SlotHash.getSlot("a"));

            ReactiveStringRedisTemplate template = cluster.template();
            List<String> keys = List.of("a", "b", "c", "d", "e", "f");
            for (String key : keys) {
                template.opsForValue().set(key, key.toUpperCase()).block();
            }
            Set<TestRedisCluster.Node> holders = cluster.nodes().stream()
                    .filter(node -> !cluster.keysOn(node, "*").isEmpty()).collect(Collectors.toSet());
            assertThat(holders).as("the keys are spread over the masters").hasSizeGreaterThan(1);
            for (String key : keys) {
                assertThat(template.opsForValue().get(key).block()).isEqualTo(key.toUpperCase());
                assertThat(cluster.keysOn(cluster.nodeServing(cluster.keySlot(key)), key)).containsExactly(key);
            }

            assertThatThrownBy(() -> template.execute(RedisScript.of("return redis.call('MGET', KEYS[1], KEYS[2])",
                    List.class), List.of("a", "b"), List.of()).blockFirst()).hasStackTraceContaining("CROSSSLOT");
        }
        assertThat(processes).isNotEmpty().noneMatch(Process::isAlive);
        assertThat(Files.exists(directory)).isFalse();
    }
}
