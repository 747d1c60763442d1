package io.stagedoor.bootstrap.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Rate limits every instance shares: one Lua script ({@code gcra.lua}) per request, so a request's limits are read,
 * decided and counted in one round trip, atomically, and a refused request spends no budget. On a Redis Cluster the
 * keys of one request (a user's and an address's) live in different slots, so there each limit is its own call of the
 * same script, made at once (one round-trip time, but each counts even when another refuses).
 *
 * <p>When Redis fails or is slower than {@code redisTimeout}, the check answers {@link Decision#UNKNOWN} and, for
 * {@code redisRetry}, every check answers it at once without asking Redis: a dead Redis costs each request nothing
 * (the callers decide whether unknown means yes or no). Timeouts run on the app's wheel timer, as the queue's do.
 */
final class RedisRateLimiter {

    private static final Log log = LogFactory.getLog(RedisRateLimiter.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> GCRA = RedisScript.of(scriptText(), List.class);
    static final String KEY_PREFIX = "ratelimit:";

    private final ReactiveStringRedisTemplate redis;
    private final boolean cluster;
    private final Duration timeout;
    private final Scheduler timers;
    private final long retryNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong skipRedisUntil = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean skipping;

    RedisRateLimiter(ReactiveStringRedisTemplate redis, boolean cluster, Duration timeout, Scheduler timers, Duration retry,
                     LongSupplier nanoTime) {
        this.redis = redis;
        this.cluster = cluster;
        this.timeout = timeout;
        this.timers = timers;
        this.retryNanos = retry.toNanos();
        this.nanoTime = nanoTime;
    }

    /** One limit a request counts against: {@code rate} for {@code subject} (e.g. {@code sign-in-user:42}). */
    record Limit(String subject, Rate rate) {
    }

    /** Counts one request against every limit, if all of them allow it (on a cluster: against each that allows it). */
    Mono<Decision> check(Limit... limits) {
        if (skipping && nanoTime.getAsLong() - skipRedisUntil.get() < 0) {
            return Mono.just(Decision.UNKNOWN);
        }
        if (!cluster || limits.length == 1) {
            return run(limits);
        }
        return Flux.fromArray(limits).flatMap(limit -> run(limit)).reduce(Decision::and);
    }

    private Mono<Decision> run(Limit... limits) {
        List<String> keys = new ArrayList<>(limits.length);
        List<String> args = new ArrayList<>(limits.length * 2);
        for (Limit limit : limits) {
            keys.add(KEY_PREFIX + limit.subject());
            args.add(Long.toString(limit.rate().intervalMillis()));
            args.add(Integer.toString(limit.rate().count()));
        }
        return redis.execute(GCRA, keys, args)
                .next()
                .timeout(timeout, timers)
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
