package io.stagedoor.queue.adapter.out.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.stagedoor.queue.application.port.out.StoreEpoch;
import io.stagedoor.queue.application.port.out.WaitingLine;
import java.time.Duration;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.scheduler.Scheduler;

/**
 * The queue's Redis adapters over one template, every call bounded by one guard (timeout, breaker), handed out as the
 * application's outbound ports; the adapters and the guard themselves stay package-private.
 */
public final class QueueRedis {

    private final ReactiveStringRedisTemplate redis;
    private final RedisGuard guard;

    /**
     * Each call times out after {@code timeout} (armed on {@code timers}); a Redis that keeps failing is not called
     * for {@code breakerOpen}, which is also the Retry-After of the 503s meanwhile. {@code name} names the breaker.
     */
    public QueueRedis(ReactiveStringRedisTemplate redis, String name, Duration timeout, Duration breakerOpen,
                      Scheduler timers) {
        this.redis = Objects.requireNonNull(redis);
        this.guard = RedisGuard.create(name, timeout, breakerOpen, timers);
    }

    /**
     * The waiting rooms. An admission round sweeps {@code sweepBuckets} waiter buckets for abandoned waiters; a join
     * into a busy room re-registers it in the room index at most once per {@code roomIndexRefresh} (a join into an
     * idle room always registers it).
     */
    public WaitingLine waitingLine(int sweepBuckets, Duration roomIndexRefresh) {
        return new RedisWaitingLine(redis, guard, sweepBuckets, roomIndexRefresh);
    }

    /** Since when Redis holds its data. */
    public StoreEpoch storeEpoch() {
        return new RedisStoreEpoch(redis, guard);
    }

    /** The breaker in front of Redis (for its meters, and for tests of an outage). */
    public CircuitBreaker breaker() {
        return guard.breaker();
    }

    /** The guard every adapter of this factory calls through: the tests of this package build adapters with it. */
    RedisGuard guard() {
        return guard;
    }
}
