package io.stagedoor.load.scenario;

import io.stagedoor.load.HarnessOptions;
import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.engine.ClosedLoopRunner;
import io.stagedoor.load.engine.Outcome;
import io.stagedoor.load.engine.PassResult;
import io.stagedoor.load.engine.PassSettings;
import io.stagedoor.load.redis.QueueRedisLayout;
import io.stagedoor.load.redis.RoomFiller;
import io.stagedoor.load.report.Ceiling;
import io.stagedoor.load.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Does a room with 1,000,000 waiters answer joins and status polls as fast as a room with 1,000? Both rooms are
 * filled straight in Redis with the queue's own join script (through the API it would take far too long on two
 * cores), paused so nobody is admitted, then the same number of real users join each room through the API and
 * poll their status (at the back of the line, where the rank lookup is deepest). Status passes alternate between
 * the rooms twice, so drift hits both alike. Redis memory per waiter is measured twice: the INFO used_memory delta
 * of the big fill, and the exact MEMORY USAGE of the room's line keys.
 */
public final class MillionWaiters {

    public static final double P99_TARGET = 1.5;
    public static final double BYTES_PER_WAITER_TARGET = 200;
    /** Synthetic waiter ids, far above any real user id, so real joiners never collide with them. */
    private static final long SYNTHETIC_USER_BASE = 1_000_000_000_000L;

    private final Fixtures fixtures;
    private final StagedoorApi api;
    private final PassSettings settings;
    private final Report report;
    private final HarnessOptions options;

    public MillionWaiters(Fixtures fixtures, StagedoorApi api, PassSettings settings, Report report, HarnessOptions options) {
        this.fixtures = fixtures;
        this.api = fixtures.api();
        this.settings = settings;
        this.report = report;
        this.options = options;
    }

    public void run() {
        int big = options.integer("million-waiters", 1_000_000);
        int small = options.integer("small-waiters", 1_000);
        int joiners = options.integer("million-joiners", 2_000);
        long grace = options.integer("queue-abandon-seconds", 120);
        String script = QueueRedisLayout.joinScript(options.string("queue-script", null));

        long smallRoom = fixtures.concert("room-" + small, 1, 50).concertId();
        long bigRoom = fixtures.concert("room-" + big, 1, 50).concertId();
        fixtures.pauseRoom(smallRoom);
        fixtures.pauseRoom(bigRoom);
        List<Long> users = fixtures.users(2 * joiners, 0);

        try (RoomFiller filler = new RoomFiller(options.redisUrl(), script)) {
            // stamped as seen 10 minutes ahead, so the abandon sweep leaves these never-polling waiters alone meanwhile
            long seenAt = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
            filler.fill(smallRoom, SYNTHETIC_USER_BASE, small, seenAt, grace);
            long before = filler.usedMemory();
            long start = System.nanoTime();
            filler.fill(bigRoom, SYNTHETIC_USER_BASE, big, seenAt, grace);
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            long after = filler.usedMemory();
            long waiting = filler.waiting(bigRoom);
            long layoutBytes = filler.memoryUsage(QueueRedisLayout.lineKeys(bigRoom, filler.maxSeq(bigRoom)));
            double infoPerWaiter = (after - before) / (double) big;
            double layoutPerWaiter = layoutBytes / (double) waiting;
            report.finding("million", String.format(Locale.ROOT,
                    "filled %,d waiters with the queue's join.lua (EVALSHA, pipelined) in %.1f s (%.0f joins/s); ZCARD waiting = %,d",
                    big, fillSeconds, big / fillSeconds, waiting));
            report.finding("million", String.format(Locale.ROOT,
                    "Redis memory per waiter: %.0f B (INFO used_memory delta %,d B) / %.0f B (MEMORY USAGE of the line keys, %,d B) — target <= %.0f B: %s",
                    infoPerWaiter, after - before, layoutPerWaiter, layoutBytes, BYTES_PER_WAITER_TARGET,
                    Math.max(infoPerWaiter, layoutPerWaiter) <= BYTES_PER_WAITER_TARGET ? "met" : "MISSED"));

            // joins alternate between the rooms in two rounds (half the joiners each), so drift hits both alike
            int half = joiners / 2;
            List<String> smallTokens = new java.util.ArrayList<>();
            List<String> bigTokens = new java.util.ArrayList<>();
            double smallJoinP99 = 0;
            double bigJoinP99 = 0;
            for (int round = 0; round < 2; round++) {
                Joined s = join("join, room of " + small + " #" + (round + 1), users.subList(round * half, (round + 1) * half), smallRoom);
                Joined b = join("join, room of " + big + " #" + (round + 1),
                        users.subList(joiners + round * half, joiners + (round + 1) * half), bigRoom);
                report.pass("million", s.result(), Ceiling.NONE, null);
                report.pass("million", b.result(), Ceiling.NONE, null);
                smallTokens.addAll(s.tokens());
                bigTokens.addAll(b.tokens());
                smallJoinP99 += s.result().latency().p99Ms() / 2;
                bigJoinP99 += b.result().latency().p99Ms() / 2;
            }
            Joined smallJoin = new Joined(null, smallTokens);
            Joined bigJoin = new Joined(null, bigTokens);

            double smallStatusP99 = 0;
            double bigStatusP99 = 0;
            for (int round = 1; round <= 2; round++) {
                PassResult s = status("status, room of " + small + " #" + round, smallJoin.tokens());
                PassResult b = status("status, room of " + big + " #" + round, bigJoin.tokens());
                report.pass("million", s, Ceiling.NONE, null);
                report.pass("million", b, Ceiling.NONE, null);
                smallStatusP99 += s.latency().p99Ms() / 2;
                bigStatusP99 += b.latency().p99Ms() / 2;
            }
            verdict("join", smallJoinP99, bigJoinP99, small, big);
            verdict("status", smallStatusP99, bigStatusP99, small, big);
        } catch (Exception e) {
            throw new IllegalStateException("million-waiter measurement failed: " + e, e);
        } finally {
            try {
                long removed = fixtures.retireRooms(); // the two rooms are the only ones this scenario made
                report.finding("million", "removed the two rooms' " + removed + " keys from Redis");
            } catch (RuntimeException e) {
                report.finding("million", "could not remove the rooms' keys: " + e.getMessage());
            }
        }
    }

    private void verdict(String what, double smallP99, double bigP99, int small, int big) {
        double ratio = smallP99 > 0 ? bigP99 / smallP99 : Double.NaN;
        report.finding("million", String.format(Locale.ROOT, "%s p99: %.2f ms with %,d waiters vs %.2f ms with %,d = %.2fx (target <= %.1fx): %s",
                what, bigP99, big, smallP99, small, ratio, P99_TARGET, ratio <= P99_TARGET ? "met" : "MISSED"));
    }

    private record Joined(PassResult result, List<String> tokens) {
    }

    private Joined join(String name, List<Long> users, long concertId) {
        AtomicReferenceArray<String> tokens = new AtomicReferenceArray<>(users.size());
        PassResult result = ClosedLoopRunner.run(name, settings.withWarmup(Duration.ZERO).withMaxRequests(users.size()), seq -> {
            if (seq >= users.size()) {
                return null;
            }
            int i = (int) seq;
            return api.joinRaw(users.get(i), concertId).map(r -> {
                if (r.status() != 201) {
                    return Outcome.error(r.label());
                }
                tokens.set(i, QueueTicket.from(r.json()).token());
                return Outcome.ok();
            });
        });
        List<String> joined = new java.util.ArrayList<>();
        for (int i = 0; i < tokens.length(); i++) {
            if (tokens.get(i) != null) {
                joined.add(tokens.get(i));
            }
        }
        if (joined.isEmpty()) {
            throw new IllegalStateException(name + ": no join succeeded " + result.errors());
        }
        return new Joined(result, joined);
    }

    private PassResult status(String name, List<String> tokens) {
        return ClosedLoopRunner.run(name, settings,
                seq -> api.statusRaw(tokens.get((int) (seq % tokens.size()))).map(r -> Outcome.expect(200, r.status())));
    }
}
