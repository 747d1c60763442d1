package io.stagedoor.load.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.stagedoor.load.http.LoopbackHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;

/**
 * Takes the harness's rooms out of Redis when it is done with them: every key of the room and its entry in the index
 * of rooms the admitter ticks. A pass should measure its own path, not the rooms an earlier pass left behind — 150
 * paused rooms of 1,000 waiters each cost every instance an admission round (and a sweep of ten waiter buckets) per
 * room per second. Loopback Redis only; every loop is bounded by the keys found.
 */
public final class RoomCleaner implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RoomCleaner(String redisUrl) {
        LoopbackHttpClient.requireLoopback(URI.create(redisUrl));
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.connection.setTimeout(Duration.ofSeconds(30));
    }

    /** Removes the rooms' keys and index entries; returns the number of keys removed. */
    public long retire(Collection<Long> concertIds) {
        long removed = 0;
        for (long concertId : concertIds) {
            removed += clear(concertId);
            connection.sync().srem(QueueRedisLayout.ROOM_INDEX, Long.toString(concertId));
        }
        return removed;
    }

    /** Removes every key of the room (SCAN + UNLINK), bounded by the number of keys found. */
    private long clear(long concertId) {
        RedisCommands<String, String> sync = connection.sync();
        long removed = 0;
        ScanArgs keysOfRoom = ScanArgs.Builder
                .matches(QueueRedisLayout.prefix(concertId).replace("{", "\\{").replace("}", "\\}") + "*")
                .limit(5_000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, keysOfRoom);
            if (!page.getKeys().isEmpty()) {
                removed += sync.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
