package io.stagedoor.queue.adapter.out.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a join must (re)register its room in the cross-room index {@code queue:rooms}, which the admission
 * rounds walk. Registering on every join doubles a join's Redis round trips; never registering again after the first
 * time would lose a room for good once Redis restarts empty (it keeps nothing on disk). So each instance registers a
 * room on its first join and then again at most once per {@code every}: after a restart a room with joiners is back in
 * the index within that time. {@link Duration#ZERO} registers on every join.
 */
final class RoomIndexRefresh {

    /** Above this many rooms the memory starts over (each room then simply registers again once). */
    static final int MAX_ROOMS = 100_000;

    private final Duration every;
    private final Map<Long, Instant> registeredAt = new ConcurrentHashMap<>();

    RoomIndexRefresh(Duration every) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("the refresh interval may not be negative");
        }
        this.every = every;
    }

    /** Whether a join at {@code now} should register the room; if so, counts it as registered now. */
    boolean due(long concertId, Instant now) {
        if (every.isZero()) {
            return true;
        }
        Instant last = registeredAt.get(concertId);
        if (last != null && now.isBefore(last.plus(every)) && !now.isBefore(last)) {
            return false;
        }
        if (registeredAt.size() >= MAX_ROOMS) {
            registeredAt.clear();
        }
        registeredAt.put(concertId, now);
        return true;
    }

    /** Forgets a registration that may not have happened (the SADD failed), so the next join tries again. */
    void forget(long concertId, Instant at) {
        registeredAt.remove(concertId, at);
    }
}
