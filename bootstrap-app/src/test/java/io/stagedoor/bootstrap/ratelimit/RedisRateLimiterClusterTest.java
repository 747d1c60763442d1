package io.stagedoor.bootstrap.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.stagedoor.bootstrap.ratelimit.RedisRateLimiter.Limit;
import io.stagedoor.testsupport.TestRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.scheduler.Schedulers;

/**
 * The rate limiter's cluster path on a real Redis Cluster (local {@code redis-server} processes, {@link TestRedisCluster}),
 * laid out so that a sign-in's two keys — the user's and the address's — sit on masters of their own. There a request's
 * limits cannot share one script call (CROSSSLOT), so each is its own call: each limit still decides and counts
 * atomically, a request is refused when any limit refuses, but a request refused by one limit spends the others
 * (docs/security.md, "Rate limits").
 */
class RedisRateLimiterClusterTest {

    private static final String USER = "sign-in-user:42";
    private static final String ADDRESS = "sign-in-address:203.0.113.9";
    private static final String OTHER_USER = "sign-in-user:43";

    private static TestRedisCluster cluster;
    private ReactiveStringRedisTemplate redis;

    @BeforeAll
    static void startCluster() {
        cluster = TestRedisCluster.isolating(slotOf(USER), slotOf(ADDRESS));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void emptyCluster() {
        cluster.flush();
        redis = cluster.template();
    }

    private static int slotOf(String subject) {
        return SlotHash.getSlot(RedisRateLimiter.KEY_PREFIX + subject);
    }

    private RedisRateLimiter limiter(boolean clusterPath) {
        return new RedisRateLimiter(redis, clusterPath, Duration.ofSeconds(5), Schedulers.parallel(), Duration.ofSeconds(1),
                System::nanoTime);
    }

    private static Decision check(RedisRateLimiter limiter, Limit... limits) {
        return limiter.check(limits).block(Duration.ofSeconds(10));
    }

    private String bucket(String subject) {
        return redis.opsForValue().get(RedisRateLimiter.KEY_PREFIX + subject).block(Duration.ofSeconds(5));
    }

    @Test
    void theTwoKeysOfASignInLiveOnMastersOfTheirOwnAndOneScriptCallOverBothIsRefusedByTheCluster() {
        assertThat(cluster.nodeServing(slotOf(USER))).isNotEqualTo(cluster.nodeServing(slotOf(ADDRESS)));

        Decision singleCall = check(limiter(false), new Limit(USER, Rate.valueOf("2/PT1M")),
                new Limit(ADDRESS, Rate.valueOf("5/PT1M")));

        assertThat(singleCall).as("CROSSSLOT: the single-server path cannot answer on a cluster").isEqualTo(Decision.UNKNOWN);
    }

    @Test
    void eachLimitIsCountedOnItsOwnNodeAndTheFirstOneSpentRefusesTheRequest() {
        RedisRateLimiter limiter = limiter(true);
        Limit user = new Limit(USER, Rate.valueOf("2/PT1M"));
        Limit address = new Limit(ADDRESS, Rate.valueOf("5/PT1M"));

        Decision first = check(limiter, user, address);
        Decision second = check(limiter, user, address);
        Decision third = check(limiter, user, address);

        assertThat(first).isEqualTo(Decision.ALLOWED);
        assertThat(second).isEqualTo(Decision.ALLOWED);
        assertThat(third.refused()).as("the user's budget of 2 is spent").isTrue();
        assertThat(third.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(cluster.keysOn(cluster.nodeServing(slotOf(USER)), "ratelimit:*")).containsExactly("ratelimit:" + USER);
        assertThat(cluster.keysOn(cluster.nodeServing(slotOf(ADDRESS)), "ratelimit:*")).containsExactly("ratelimit:" + ADDRESS);
    }

    /**
     * What the cluster path promises and what it does not: a limit that refuses is not counted (its own script call is
     * all or nothing), but the other limits of the refused request were counted by their own calls.
     */
    @Test
    void aRequestRefusedByOneLimitLeavesThatLimitUntouchedButSpendsTheOthers() {
        RedisRateLimiter limiter = limiter(true);
        Limit user = new Limit(USER, Rate.valueOf("1/PT1M"));
        Limit address = new Limit(ADDRESS, Rate.valueOf("3/PT1M"));
        assertThat(check(limiter, user, address)).isEqualTo(Decision.ALLOWED);
        String userBucket = bucket(USER);

        assertThat(check(limiter, user, address).refused()).isTrue();
        assertThat(check(limiter, user, address).refused()).isTrue();

        assertThat(bucket(USER)).as("the refusing limit spent nothing").isEqualTo(userBucket);
        assertThat(check(limiter, new Limit(OTHER_USER, Rate.valueOf("1/PT1M")), address).refused())
                .as("the two refused requests spent the address's budget: another user at the address is refused")
                .isTrue();
    }
}
