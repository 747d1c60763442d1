package io.stagedoor.queue.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.UserDirectory;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;

/**
 * Remembers ids a look-up confirmed to exist, so a join of a known user for a known concert costs no database
 * round trip. Only <em>positive</em> answers are kept: users and concerts are never deleted, so "exists" never turns
 * false, while "does not exist" may (the id can be created a moment later) and is always asked again. Bounded by a
 * Caffeine cache of at most {@code maxIds} ids: when full, the ids asked about least are dropped to make room (its
 * TinyLFU policy), so ids that became busy after it filled are still remembered. A remembered id costs roughly 100 bytes
 * of heap, so 1,000,000 ids stay around 100 MB.
 *
 * <p>Use it as a decorator of the queue's own ports: {@link #users(UserDirectory, int)},
 * {@link #concerts(ConcertCatalog, int)}.
 */
final class ExistenceCache {

    /** The default bound of one cache. */
    public static final int DEFAULT_MAX_IDS = 1_000_000;

    private final Cache<Long, Boolean> known;

    ExistenceCache(int maxIds) {
        this(maxIds, ForkJoinPool.commonPool());
    }

    /** With the executor Caffeine's upkeep (dropping ids) runs on; tests pass {@code Runnable::run} to see it at once. */
    ExistenceCache(int maxIds, Executor upkeep) {
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds must be positive");
        }
        this.known = Caffeine.newBuilder().maximumSize(maxIds).executor(upkeep).build();
    }

    /** A {@link UserDirectory} that asks {@code delegate} only about users not yet known to exist. */
    public static UserDirectory users(UserDirectory delegate, int maxIds) {
        ExistenceCache cache = new ExistenceCache(maxIds);
        return userId -> cache.exists(userId, delegate::exists);
    }

    /** A {@link ConcertCatalog} that asks {@code delegate} only about concerts not yet known to exist. */
    public static ConcertCatalog concerts(ConcertCatalog delegate, int maxIds) {
        ExistenceCache cache = new ExistenceCache(maxIds);
        return concertId -> cache.exists(concertId, delegate::exists);
    }

    /** True at once for a remembered id; otherwise asks {@code lookup} and remembers a positive answer. */
    public Mono<Boolean> exists(long id, LongFunction<Mono<Boolean>> lookup) {
        return Mono.defer(() -> {
            if (known.getIfPresent(id) != null) {
                return Mono.just(Boolean.TRUE);
            }
            return lookup.apply(id).doOnNext(found -> {
                if (Boolean.TRUE.equals(found)) {
                    known.put(id, Boolean.TRUE);
                }
            });
        });
    }

    /** Ids remembered right now (after any pending upkeep). */
    public long size() {
        known.cleanUp();
        return known.estimatedSize();
    }
}
