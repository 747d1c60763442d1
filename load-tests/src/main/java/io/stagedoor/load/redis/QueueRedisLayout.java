package io.stagedoor.load.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * The queue module's Redis layout, as far as the 1,000,000-waiter fill needs it — <b>the one place to change when the
 * queue module changes</b> (its RoomKeys and join.lua; see docs/queue.md).
 * <p>
 * The fill runs the queue's own join script ({@code join.lua}, read from the queue module's sources, loaded once and
 * called with EVALSHA, pipelined), so the room it builds is byte for byte what real joins build: a waiting ZSET
 * (member userId, score sequence), a sequence counter, and hash buckets of 100 waiters holding "secret:lastSeenSec".
 */
public final class QueueRedisLayout {

    /** join.lua in the queue module, relative to the repository root (where the documented commands run). */
    public static final String JOIN_SCRIPT = "queue-module/src/main/resources/io/stagedoor/queue/adapter/out/redis/join.lua";
    /** QueueToken.SECRET_BYTES: the secret stored per waiter is this many random bytes, base64url without padding. */
    public static final int SECRET_BYTES = 16;
    /** RoomKeys.ROOMS: the index of rooms every instance's admitter ticks. */
    public static final String ROOM_INDEX = "queue:rooms";
    /** RoomKeys.BUCKET_SIZE. */
    public static final int BUCKET_SIZE = 100;

    private QueueRedisLayout() {
    }

    public static String prefix(long concertId) {
        return "queue:{" + concertId + "}:";
    }

    /** KEYS of join.lua: seq, waiting, active. */
    public static String[] joinKeys(long concertId) {
        String p = prefix(concertId);
        return new String[] {p + "seq", p + "waiting", p + "active"};
    }

    /** ARGV of join.lua: prefix, userId, fresh secret, now (ms), abandon grace (s). */
    public static String[] joinArgs(long concertId, long userId, String secret, long nowMillis, long graceSeconds) {
        return new String[] {prefix(concertId), Long.toString(userId), secret, Long.toString(nowMillis), Long.toString(graceSeconds)};
    }

    /** The keys holding the waiting line of a room (for MEMORY USAGE): the waiting ZSET, the sequence and every bucket. */
    public static List<String> lineKeys(long concertId, long maxSeq) {
        String p = prefix(concertId);
        java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        keys.add(p + "waiting");
        keys.add(p + "seq");
        for (long bucket = 0; bucket <= maxSeq / BUCKET_SIZE; bucket++) {
            keys.add(p + "waiters:" + bucket);
        }
        return keys;
    }

    /** A secret shaped like the queue's (22 characters), deterministic so a fill needs no randomness source. */
    public static String secret(long userId) {
        byte[] bytes = new byte[SECRET_BYTES];
        long x = userId * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < SECRET_BYTES; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String joinScript(String path) {
        try {
            return Files.readString(Path.of(path == null ? JOIN_SCRIPT : path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the queue's join script at " + (path == null ? JOIN_SCRIPT : path)
                    + " (run from the repository root, or pass --queue-script)", e);
        }
    }
}
