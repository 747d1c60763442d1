package io.stagedoor.queue.adapter.out.redis;

import io.stagedoor.queue.application.port.out.StoreEpoch;
import java.time.Instant;
import java.util.Objects;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * {@link StoreEpoch} in Redis: {@code queue:epoch} holds the epoch millisecond at which this Redis's data was first
 * seen by the app (SET NX, then GET). It never expires, so it goes only with the data.
 */
final class RedisStoreEpoch implements StoreEpoch {

    static final String KEY = "queue:epoch";

    private final ReactiveStringRedisTemplate redis;
    private final RedisGuard guard;

    RedisStoreEpoch(ReactiveStringRedisTemplate redis, RedisGuard guard) {
        this.redis = Objects.requireNonNull(redis);
        this.guard = Objects.requireNonNull(guard);
    }

    @Override
    public Mono<Instant> markedSince(Instant now) {
        return guard.mono(redis.opsForValue().setIfAbsent(KEY, Long.toString(now.toEpochMilli()))
                .then(redis.opsForValue().get(KEY))
                .map(millis -> Instant.ofEpochMilli(Long.parseLong(millis)))
                .defaultIfEmpty(now));
    }
}
