package io.stagedoor.load.scenario;

import io.stagedoor.load.api.QueueTicket;
import io.stagedoor.load.api.StagedoorApi;
import io.stagedoor.load.api.StagedoorApi.CreatedConcert;
import io.stagedoor.load.db.HarnessUsers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Set-up through the public and admin API (never measured): users with balance, concerts, rooms, admitted tokens.
 * Every bulk step is bounded by a count and a time limit. The rooms it set up are retired when a section is done with
 * them ({@link #retireRooms}), so they do not load the app during the passes that follow.
 */
public final class Fixtures {

    /** Cheap seats so that one small charge pays for several. */
    public static final long PRICE = 1_000;
    public static final Duration SETUP_LIMIT = Duration.ofMinutes(3);
    /** Room settings that admit everyone at once and keep them admitted for the whole run. */
    public static final int OPEN_CAPACITY = 1_000_000;
    public static final int OPEN_RATE = 1_000_000;
    public static final int LONG_SESSION = 3_600;

    private final StagedoorApi api;
    /** Where the per-user calls (charge, join, status) go, dealt round-robin: {@link #api} unless spread. */
    private final List<StagedoorApi> userCallApis;
    private final HarnessUsers harnessUsers;
    private final int concurrency;
    private final String runId;
    private final AtomicLong names;
    private final ToLongFunction<Set<Long>> roomRetirement;
    private final Set<Long> rooms;

    /** @param roomRetirement removes the given rooms from the queue's Redis and returns the keys removed */
    public Fixtures(StagedoorApi api, HarnessUsers harnessUsers, int concurrency, ToLongFunction<Set<Long>> roomRetirement) {
        this(api, List.of(api), harnessUsers, concurrency, Long.toString(System.currentTimeMillis() % 100_000_000L, 36),
                new AtomicLong(), roomRetirement, ConcurrentHashMap.newKeySet());
    }

    private Fixtures(StagedoorApi api, List<StagedoorApi> userCallApis, HarnessUsers harnessUsers, int concurrency,
                     String runId, AtomicLong names, ToLongFunction<Set<Long>> roomRetirement, Set<Long> rooms) {
        this.api = api;
        this.userCallApis = List.copyOf(userCallApis);
        this.harnessUsers = harnessUsers;
        this.concurrency = concurrency;
        this.runId = runId;
        this.names = names;
        this.roomRetirement = roomRetirement;
        this.rooms = rooms;
    }

    /**
     * The same fixtures (same run, same rooms to retire) with every per-user call dealt round-robin over {@code apis}:
     * set-up for an A/B between instances, where the one that served the set-up would otherwise have compiled the
     * shared code paths (HTTP, JSON, the bearer check, the database client) far further than the others.
     */
    public Fixtures spreadOver(List<StagedoorApi> apis) {
        return new Fixtures(api, apis, harnessUsers, concurrency, runId, names, roomRetirement, rooms);
    }

    /** The instance that serves the {@code i}-th per-user call. */
    public StagedoorApi userCallApi(long i) {
        return userCallApis.get((int) (i % userCallApis.size()));
    }

    /**
     * Takes the rooms of every concert made since the last call out of the queue (its Redis keys and its place in the index of rooms
     * the admitter ticks); returns how many Redis keys that removed.
     */
    public long retireRooms() {
        Set<Long> done = Set.copyOf(rooms);
        rooms.removeAll(done);
        if (done.isEmpty()) {
            return 0;
        }
        long keys = roomRetirement.applyAsLong(done);
        System.out.printf("  retired %d rooms of the harness (%d Redis keys)%n", done.size(), keys);
        return keys;
    }

    public StagedoorApi api() {
        return api;
    }

    public String runId() {
        return runId;
    }

    /**
     * {@code count} new users, each charged {@code balance} through the API (0 = no charge). They are created in the
     * database in bulk and act with access tokens the harness signs (see {@link HarnessUsers}, {@code AccessTokens}).
     */
    public List<Long> users(int count, long balance) {
        List<Long> ids = harnessUsers.create("load-" + runId + "-" + names.incrementAndGet(), count);
        if (balance <= 0) {
            return ids;
        }
        return Flux.fromIterable(ids).index()
                .flatMap(at -> userCallApi(at.getT1()).charge(at.getT2(), balance).thenReturn(at.getT2()), concurrency)
                .collectList()
                .block(SETUP_LIMIT);
    }

    /** A new concert; its waiting room is retired with the others at the end of the section. */
    public CreatedConcert concert(String title, int schedules, int seats) {
        Instant first = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        CreatedConcert concert = api.createConcert("load " + runId + " " + title, schedules, seats, PRICE, first)
                .block(Duration.ofSeconds(30));
        rooms.add(concert.concertId());
        return concert;
    }

    public void openRoom(long concertId) {
        api.configureRoom(concertId, OPEN_CAPACITY, OPEN_RATE, LONG_SESSION, false).block(Duration.ofSeconds(10));
    }

    public void pauseRoom(long concertId) {
        api.configureRoom(concertId, null, null, LONG_SESSION, true).block(Duration.ofSeconds(10));
    }

    /** Joins every user to the room and returns the tickets in the order of {@code users}. */
    public List<QueueTicket> join(List<Long> users, long concertId) {
        return Flux.fromIterable(users).index()
                .flatMapSequential(at -> userCallApi(at.getT1()).join(at.getT2(), concertId), concurrency)
                .collectList()
                .block(SETUP_LIMIT);
    }

    /** Opens the room, joins every user and waits until all are ACTIVE. */
    public List<QueueTicket> admitted(List<Long> users, long concertId) {
        openRoom(concertId);
        List<QueueTicket> joined = join(users, concertId);
        // the open room admits everyone within a tick or two of joining, so by now most tokens are ACTIVE: ask at once
        // (a wait before every first look made big fixtures slower than the 90 s allowed)
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        return Flux.fromIterable(joined).index()
                .flatMapSequential(at -> at.getT2().active() ? Mono.just(at.getT2())
                        : lookThenAwaitActive(userCallApi(at.getT1()), at.getT2(), deadline), concurrency)
                .collectList()
                .block(SETUP_LIMIT);
    }

    private Mono<QueueTicket> lookThenAwaitActive(StagedoorApi via, QueueTicket ticket, long deadline) {
        return via.status(ticket.token()).flatMap(now -> awaitActive(via, now, deadline));
    }

    private Mono<QueueTicket> awaitActive(StagedoorApi via, QueueTicket ticket, long deadline) {
        if (ticket.active()) {
            return Mono.just(ticket);
        }
        if (System.nanoTime() > deadline) {
            return Mono.error(new IllegalStateException("token of user " + ticket.userId() + " not admitted within 90 s: " + ticket));
        }
        long wait = Math.max(50, Math.min(ticket.pollAfterMillis(), 250));
        return Mono.delay(Duration.ofMillis(wait))
                .then(via.status(ticket.token()))
                .flatMap(next -> awaitActive(via, next, deadline));
    }
}
