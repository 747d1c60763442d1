package io.stagedoor.queue.application;

import io.stagedoor.queue.api.ConcertCatalog;
import io.stagedoor.queue.api.UserDirectory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;

/**
 * Remembers ids a look-up confirmed to exist, so a join of a known user for a known concert costs no database
 * round trip. Only <em>positive</em> answers are kept: users and concerts are never deleted, so "exists" never turns
 * false, while "does not exist" may (the id can be created a moment later) and is always asked again. Bounded: once
 * about {@code maxIds} ids are remembered, new ones are no longer added (each further look-up simply reaches the
 * delegate); a remembered id costs roughly 60 bytes of heap, so 1,000,000 ids stay around 60 MB.
 *
 * <p>Use it as a decorator of the queue's own outbound ports: {@link #users(UserDirectory, int)},
 * {@link #concerts(ConcertCatalog, int)}.
 */
public final class ExistenceCache {

    /** The default bound of one cache. */
    public static final int DEFAULT_MAX_IDS = 1_000_000;

    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final int maxIds;

    public ExistenceCache(int maxIds) {
        if (maxIds < 1) {
            throw new IllegalArgumentException("maxIds must be positive");
        }
        this.maxIds = maxIds;
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
            if (known.contains(id)) {
                return Mono.just(Boolean.TRUE);
            }
            return lookup.apply(id).doOnNext(found -> {
                if (Boolean.TRUE.equals(found) && known.size() < maxIds) {
                    known.add(id);
                }
            });
        });
    }

    /** Ids remembered so far. */
    public int size() {
        return known.size();
    }
}
