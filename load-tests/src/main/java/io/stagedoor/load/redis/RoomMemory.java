package io.stagedoor.load.redis;

import io.stagedoor.load.HarnessOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code java -jar load-tests.jar room-memory [--million-waiters N] [--redis URL] [--queue-script PATH]}: fills a
 * scratch room (concert id 900000000 + a run number, never a real one) with N waiters through the queue's join
 * script, prints the fill rate and the memory per waiter, and removes the room again. Needs only Redis, not the app.
 */
public final class RoomMemory {

    private RoomMemory() {
    }

    public static void main(HarnessOptions options) throws Exception {
        int count = options.integer("million-waiters", 1_000_000);
        long concertId = 900_000_000L + (System.currentTimeMillis() / 1000) % 1_000_000;
        try (RoomFiller filler = new RoomFiller(options.redisUrl(), QueueRedisLayout.joinScript(options.string("queue-script", null)))) {
            long before = filler.usedMemory();
            long start = System.nanoTime();
            long seenAt = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
            filler.fill(concertId, 1_000_000_000_000L, count, seenAt, options.integer("queue-abandon-seconds", 120));
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = filler.usedMemory();
            long waiting = filler.waiting(concertId);
            long layout = filler.memoryUsage(QueueRedisLayout.lineKeys(concertId, filler.maxSeq(concertId)));
            System.out.printf(Locale.ROOT, "room %d: %,d waiters in %.1f s (%.0f joins/s through join.lua)%n", concertId, waiting, seconds, count / seconds);
            System.out.printf(Locale.ROOT, "INFO used_memory delta: %,d B = %.1f B/waiter%n", after - before, (after - before) / (double) count);
            System.out.printf(Locale.ROOT, "MEMORY USAGE of the line keys: %,d B = %.1f B/waiter (target <= 200)%n", layout, layout / (double) waiting);
        } finally {
            try (RoomCleaner cleaner = new RoomCleaner(options.redisUrl())) {
                System.out.println("removed " + cleaner.retire(java.util.List.of(concertId)) + " keys");
            }
        }
    }
}
