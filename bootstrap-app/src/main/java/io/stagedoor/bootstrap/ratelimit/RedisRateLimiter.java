package io.stagedoor.bootstrap.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Rate limits every instance shares: one Lua script ({@code gcra.lua}) per check, so a check is one round trip that
 * reads, decides and counts atomically on the Redis that holds the key. A check touches one key, so it works
 * unchanged on a Redis Cluster; a request with two limits (a user and an address) makes its two checks at once.
 *
 * <p>When Redis fails or is slower than {@code redisTimeout}, the check answers {@link Decision#UNKNOWN} and, for
 * {@code redisRetry}, every check answers it at once without asking Redis: a dead Redis costs each request nothing
 * (the callers decide whether unknown means yes or no).
 */
final class RedisRateLimiter {

    private static final Log log = LogFactory.getLog(RedisRateLimiter.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> GCRA = RedisScript.of(scriptText(), List.class);
    static final String KEY_PREFIX = "ratelimit:";

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;
    private final long retryNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong skipRedisUntil = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean skipping;

    RedisRateLimiter(ReactiveStringRedisTemplate redis, Duration timeout, Duration retry, LongSupplier nanoTime) {
        this.redis = redis;
        this.timeout = timeout;
        this.retryNanos = retry.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Counts one request against {@code rate} for {@code subject} (e.g. {@code sign-in-user:42}), if it is allowed. */
    Mono<Decision> check(String subject, Rate rate) {
        if (skipping && nanoTime.getAsLong() - skipRedisUntil.get() < 0) {
            return Mono.just(Decision.UNKNOWN);
        }
        return redis.execute(GCRA, List.of(KEY_PREFIX + subject),
                        List.of(Long.toString(rate.intervalMillis()), Integer.toString(rate.count())))
                .next()
                .timeout(timeout)
                .map(RedisRateLimiter::decision)
                .doOnNext(answered -> skipping = false)
                .onErrorResume(error -> {
                    skipRedisUntil.set(nanoTime.getAsLong() + retryNanos);
                    if (!skipping) {
                        skipping = true;
                        log.warn("Rate limits cannot reach Redis (" + error + "); sign-ins answer 503 and the other "
                                + "limits let requests through until it answers again");
                    }
                    return Mono.just(Decision.UNKNOWN);
                });
    }

    private static Decision decision(Object answer) {
        List<?> elements = (List<?>) answer;
        if (((Number) elements.get(0)).longValue() == 1) {
            return Decision.ALLOWED;
        }
        return Decision.refused(Duration.ofMillis(((Number) elements.get(1)).longValue()));
    }

    /** The script's text, read once at class loading: reading a resource later would block an event loop. */
    private static String scriptText() {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream("gcra.lua")) {
            if (in == null) {
                throw new IllegalStateException("gcra.lua is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the rate-limit script", e);
        }
    }
}
