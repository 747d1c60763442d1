package io.stagedoor.load.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fills a waiting room straight in Redis with the queue's own join script (EVALSHA, pipelined in batches), and
 * measures Redis memory. Loopback Redis only; every loop is bounded by the requested count.
 */
public final class RoomFiller implements AutoCloseable {

    private static final int BATCH = 2_000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> async;
    private final String sha;

    public RoomFiller(String redisUrl, String joinScript) {
        io.stagedoor.load.http.LoopbackHttpClient.requireLoopback(URI.create(redisUrl));
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.connection.setTimeout(Duration.ofSeconds(30));
        this.async = connection.async();
        this.sha = connection.sync().scriptLoad(joinScript);
    }

    /**
     * Joins users {@code firstUserId .. firstUserId + count - 1} to the room. {@code seenAtMillis} is the "now" the
     * script stamps as each waiter's last poll; a stamp a few minutes ahead keeps the abandon sweep from dropping
     * these never-polling waiters while the measurement runs.
     */
    public void fill(long concertId, long firstUserId, int count, long seenAtMillis, long graceSeconds) throws Exception {
        String[] keys = QueueRedisLayout.joinKeys(concertId);
        connection.setAutoFlushCommands(false);
        try {
            for (int done = 0; done < count; done += BATCH) {
                int n = Math.min(BATCH, count - done);
                List<RedisFuture<Object>> futures = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long userId = firstUserId + done + i;
                    futures.add(async.evalsha(sha, ScriptOutputType.MULTI, keys,
                            QueueRedisLayout.joinArgs(concertId, userId, QueueRedisLayout.secret(userId), seenAtMillis, graceSeconds)));
                }
                connection.flushCommands();
                for (RedisFuture<Object> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            connection.setAutoFlushCommands(true);
        }
    }

    public long waiting(long concertId) {
        return connection.sync().zcard(QueueRedisLayout.prefix(concertId) + "waiting");
    }

    public long maxSeq(long concertId) {
        String seq = connection.sync().get(QueueRedisLayout.prefix(concertId) + "seq");
        return seq == null ? 0 : Long.parseLong(seq);
    }

    /** INFO memory used_memory, in bytes. */
    public long usedMemory() {
        for (String line : connection.sync().info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }

    /** Sum of MEMORY USAGE (SAMPLES 0 = exact) over the given keys, pipelined. */
    public long memoryUsage(List<String> keys) throws Exception {
        long total = 0;
        connection.setAutoFlushCommands(false);
        try {
            for (int from = 0; from < keys.size(); from += BATCH) {
                List<RedisFuture<Long>> futures = new ArrayList<>();
                for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                    futures.add(async.dispatch(io.lettuce.core.protocol.CommandType.MEMORY,
                            new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                            new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                                    .add("USAGE").addKey(key).add("SAMPLES").add(0)));
                }
                connection.flushCommands();
                for (RedisFuture<Long> f : futures) {
                    Long v = f.get(30, TimeUnit.SECONDS);
                    total += v == null ? 0 : v;
                }
            }
        } finally {
            connection.setAutoFlushCommands(true);
        }
        return total;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
