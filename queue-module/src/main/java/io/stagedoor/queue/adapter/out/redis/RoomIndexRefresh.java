package io.stagedoor.queue.adapter.out.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a join must (re)register its room in the cross-room index {@code queue:rooms}, which the admission
 * rounds walk. A join that found the room idle always registers it: an admission round may have just retired the room,
 * whatever this instance remembers (see {@link RoomIndex}). Otherwise the room is listed already, and registering on
 * every join would double a join's Redis round trips; but never registering again would leave a room unlisted for
 * good if the index alone were lost (deleted by hand, or a registration that failed). So each instance also registers
 * a room on its first join and then again at most once per {@code every}. {@link Duration#ZERO} registers on every
 * join.
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
    boolean due(long concertId, Instant now, boolean roomWasIdle) {
        if (every.isZero()) {
            return true;
        }
        Instant last = registeredAt.get(concertId);
        if (!roomWasIdle && last != null && now.isBefore(last.plus(every)) && !now.isBefore(last)) {
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
