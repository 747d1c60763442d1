package io.stagedoor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Each test of a class using FreshRedis starts on an empty database, and a second instance sees the same data. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshRedisTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final FreshRedis redis = new FreshRedis();

    @Test
    @Order(1)
    void aTestLeavesAKeyBehind() {
        assertThat(redis.template().opsForValue().set("left-behind", "1").block(TIMEOUT)).isTrue();
    }

    @Test
    @Order(2)
    void theNextTestStartsWithoutIt() {
        assertThat(redis.template().hasKey("left-behind").block(TIMEOUT)).isFalse();
    }

    @Test
    @Order(3)
    void anotherInstanceReadsWhatThisOneWrote() {
        redis.template().opsForValue().set("shared", "yes").block(TIMEOUT);

        var otherInstance = new ReactiveStringRedisTemplate(redis.anotherInstance());

        assertThat(otherInstance.opsForValue().get("shared").block(TIMEOUT)).isEqualTo("yes");
    }
}
