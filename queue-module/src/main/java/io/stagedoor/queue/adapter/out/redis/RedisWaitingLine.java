package io.stagedoor.queue.adapter.out.redis;

import io.stagedoor.queue.api.AdmissionRound;
import io.stagedoor.queue.application.port.out.Heartbeat;
import io.stagedoor.queue.application.port.out.RoomPicture;
import io.stagedoor.queue.application.port.out.Placement;
import io.stagedoor.queue.application.port.out.RoomState;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.BudgetReturns;
import io.stagedoor.queue.domain.QueueToken;
import io.stagedoor.queue.domain.RoomSettings;
import io.stagedoor.queue.domain.SettingsChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The waiting lines in Redis (docs/queue.md). Each room operation is one Lua script over the
 * room's keys, all in the room's hash-tag slot; the cross-room index {@code queue:rooms} is read and written by
 * separate plain commands. Every call goes through the {@link RedisGuard}.
 */
final class RedisWaitingLine implements WaitingLine {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> JOIN = script("join.lua");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> STATUS = script("status.lua");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADMIT = script("admit.lua");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ROOM = script("room.lua");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> PICTURE = script("picture.lua");
    private static final RedisScript<Long> EXPIRE = RedisScript.of(source("expire.lua"), Long.class);
    private static final RedisScript<Long> OCCUPANCY = RedisScript.of(source("occupancy.lua"), Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisGuard guard;
    private final int sweepBucketsPerRound;
    private final RoomIndex roomIndex;
    private final RoomIndexRefresh roomIndexRefresh;

    /**
     * @param sweepBucketsPerRound waiter buckets (of {@value RoomKeys#BUCKET_SIZE} places) an admission round checks
     *                             for abandoned waiters; the sweep walks the whole line round after round
     * @param roomIndexRefresh     how often this instance re-registers a busy room in {@code queue:rooms} while people
     *                             join it (ZERO = on every join); between registrations a join into a busy room is one
     *                             Redis round trip (a join into an idle room always registers it)
     */
    RedisWaitingLine(ReactiveStringRedisTemplate redis, RedisGuard guard, int sweepBucketsPerRound,
                            Duration roomIndexRefresh) {
        if (sweepBucketsPerRound < 1) {
            throw new IllegalArgumentException("sweepBucketsPerRound must be positive");
        }
        this.redis = redis;
        this.guard = guard;
        this.sweepBucketsPerRound = sweepBucketsPerRound;
        this.roomIndex = new RoomIndex(redis);
        this.roomIndexRefresh = new RoomIndexRefresh(roomIndexRefresh);
    }

    @Override
    public Mono<Placement> join(QueueToken candidate, Instant now, Duration abandonAfter) {
        long concertId = candidate.concertId();
        RoomKeys keys = new RoomKeys(concertId);
        Mono<List<String>> join = run(JOIN, List.of(keys.seq(), keys.waiting(), keys.active(), keys.admitted(), keys.settings()),
                List.of(keys.prefix(), Long.toString(candidate.userId()), candidate.secret(),
                        Long.toString(now.toEpochMilli()), Long.toString(abandonAfter.toSeconds())));
        // the script first, the registration after it: RoomIndex says why this order never strands a waiter
        Mono<List<String>> call = join.flatMap(reply -> {
            if (!roomIndexRefresh.due(concertId, now, roomWasIdle(reply))) {
                return Mono.just(reply);
            }
            return roomIndex.add(concertId)
                    .doOnError(failure -> roomIndexRefresh.forget(concertId, now))
                    .thenReturn(reply);
        });
        return guard.mono(call).map(reply -> {
            QueueToken token = new QueueToken(candidate.concertId(), candidate.userId(), reply.get(1));
            Standing standing = "ACTIVE".equals(reply.get(0))
                    ? new Standing.Active(Instant.ofEpochMilli(parseLong(reply.get(3))))
                    : new Standing.Waiting(parseLong(reply.get(2)), parseLong(reply.get(5)), parseLong(reply.get(6)),
                            storedSettings(reply, 7));
            return new Placement(token, standing, "1".equals(reply.get(4)));
        });
    }

    private static boolean roomWasIdle(List<String> joinReply) {
        return "WAITING".equals(joinReply.get(0)) && "1".equals(joinReply.get(11));
    }

    @Override
    public Mono<Standing> look(QueueToken token, Instant now, Duration abandonAfter) {
        RoomKeys keys = new RoomKeys(token.concertId());
        return guard.mono(run(STATUS, List.of(keys.waiting(), keys.active(), keys.admitted(), keys.settings()),
                        List.of(keys.prefix(), Long.toString(token.userId()), token.secret(),
                                Long.toString(now.toEpochMilli()), Long.toString(abandonAfter.toSeconds()))))
                .map(reply -> switchStanding(reply));
    }

    private static Standing switchStanding(List<String> reply) {
        return switch (reply.get(0)) {
            case "ACTIVE" -> new Standing.Active(Instant.ofEpochMilli(parseLong(reply.get(1))));
            case "WAITING" -> new Standing.Waiting(parseLong(reply.get(1)), parseLong(reply.get(2)),
                    parseLong(reply.get(7)), storedSettings(reply, 3));
            default -> new Standing.Gone();
        };
    }

    @Override
    public Mono<Boolean> expire(QueueToken token) {
        return expireInRoom(token.concertId(), List.of(token)).map(ended -> ended > 0);
    }

    @Override
    public Mono<Integer> expireAll(List<QueueToken> tokens) {
        // a room's keys share one hash-tag slot, so one script per room; rooms are ended side by side
        Map<Long, List<QueueToken>> byRoom = new LinkedHashMap<>();
        tokens.forEach(token -> byRoom.computeIfAbsent(token.concertId(), room -> new ArrayList<>()).add(token));
        return Flux.fromIterable(byRoom.entrySet())
                .flatMap(room -> expireInRoom(room.getKey(), room.getValue()))
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> expireInRoom(long concertId, List<QueueToken> tokens) {
        RoomKeys keys = new RoomKeys(concertId);
        List<String> args = new ArrayList<>(1 + 2 * tokens.size());
        args.add(keys.prefix());
        for (QueueToken token : tokens) {
            args.add(Long.toString(token.userId()));
            args.add(token.secret());
        }
        return guard.mono(redis.execute(EXPIRE, List.of(keys.waiting(), keys.active()), args).next())
                .map(Long::intValue)
                .defaultIfEmpty(0);
    }

    @Override
    public Mono<AdmissionRound> admit(long concertId, RoomSettings defaults, Instant now, Duration abandonAfter) {
        RoomKeys keys = new RoomKeys(concertId);
        List<String> args = List.of(keys.prefix(), Long.toString(now.toEpochMilli()),
                Long.toString(abandonAfter.toSeconds()), Integer.toString(defaults.activeCapacity()),
                Integer.toString(defaults.admissionsPerMinute()), Integer.toString(defaults.sessionSeconds()),
                defaults.paused() ? "1" : "0", Integer.toString(sweepBucketsPerRound));
        return guard.mono(run(ADMIT, List.of(keys.waiting(), keys.active(), keys.admitted(), keys.settings(), keys.seq(),
                        keys.sweep()), args))
                .map(reply -> {
                    List<Long> admitted = new ArrayList<>();
                    for (int i = 7; i < reply.size(); i++) {
                        admitted.add(parseLong(reply.get(i)));
                    }
                    return new AdmissionRound(concertId, (int) parseLong(reply.get(0)), (int) parseLong(reply.get(1)),
                            (int) parseLong(reply.get(2)), (int) parseLong(reply.get(3)), parseLong(reply.get(4)),
                            parseLong(reply.get(5)), parseLong(reply.get(6)), List.copyOf(admitted));
                });
    }

    @Override
    public Mono<RoomPicture> picture(long concertId, List<Heartbeat> heartbeats, int frontSize, Instant now,
                                     Duration abandonAfter) {
        RoomKeys keys = new RoomKeys(concertId);
        List<String> args = new ArrayList<>(4 + 2 * heartbeats.size());
        args.add(keys.prefix());
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(abandonAfter.toSeconds()));
        args.add(Integer.toString(frontSize));
        for (Heartbeat heartbeat : heartbeats) {
            args.add(Long.toString(heartbeat.userId()));
            args.add(heartbeat.secret());
        }
        return guard.mono(run(PICTURE, List.of(keys.waiting(), keys.active(), keys.admitted(), keys.settings(), keys.seq()),
                        args))
                .map(reply -> {
                    int gone = (int) parseLong(reply.get(8));
                    List<String> goneSecrets = reply.subList(9, 9 + gone);
                    int countersAt = 9 + gone;
                    int counters = (int) parseLong(reply.get(countersAt));
                    Map<Long, Long> admittedPerSecond = new HashMap<>();
                    for (int i = 0; i < counters; i++) {
                        admittedPerSecond.put(parseLong(reply.get(countersAt + 1 + 2 * i)),
                                parseLong(reply.get(countersAt + 2 + 2 * i)));
                    }
                    int frontAt = countersAt + 1 + 2 * counters;
                    long[] front = new long[reply.size() - frontAt];
                    for (int i = 0; i < front.length; i++) {
                        front[i] = parseLong(reply.get(frontAt + i));
                    }
                    return new RoomPicture(concertId, now, parseLong(reply.get(0)), parseLong(reply.get(1)),
                            parseLong(reply.get(2)), BudgetReturns.fromCounters(admittedPerSecond),
                            storedSettings(reply, 3), parseLong(reply.get(7)), front, goneSecrets);
                });
    }

    @Override
    public Flux<Long> rooms() {
        return guard.flux(roomIndex.members());
    }

    @Override
    public Mono<Boolean> retire(long concertId) {
        RoomKeys keys = new RoomKeys(concertId);
        Mono<Long> occupancy = redis.execute(OCCUPANCY, List.of(keys.waiting(), keys.active())).next();
        return guard.mono(roomIndex.retire(concertId, occupancy));
    }

    @Override
    public Mono<RoomState> room(long concertId, SettingsChange change, Instant now) {
        RoomKeys keys = new RoomKeys(concertId);
        List<String> args = new ArrayList<>();
        args.add(Long.toString(now.toEpochMilli()));
        addSetting(args, "activeCapacity", change.activeCapacity());
        addSetting(args, "admissionsPerMinute", change.admissionsPerMinute());
        addSetting(args, "sessionSeconds", change.sessionSeconds());
        if (change.paused() != null) {
            args.add("paused");
            args.add(change.paused() ? "1" : "0");
        }
        Mono<List<String>> view = run(ROOM, List.of(keys.waiting(), keys.active(), keys.admitted(), keys.settings()), args);
        Mono<List<String>> call = change.isEmpty() ? view : roomIndex.add(concertId).then(view);
        return guard.mono(call).map(reply -> new RoomState(parseLong(reply.get(0)), parseLong(reply.get(1)),
                parseLong(reply.get(2)), storedSettings(reply, 3)));
    }

    private static void addSetting(List<String> args, String field, Integer value) {
        if (value != null) {
            args.add(field);
            args.add(Integer.toString(value));
        }
    }

    /** activeCapacity, admissionsPerMinute, sessionSeconds, paused from four reply elements ("" when not stored). */
    private static SettingsChange storedSettings(List<String> reply, int from) {
        return new SettingsChange(optionalInt(reply.get(from)), optionalInt(reply.get(from + 1)),
                optionalInt(reply.get(from + 2)), reply.get(from + 3).isEmpty() ? null : "1".equals(reply.get(from + 3)));
    }

    private static Integer optionalInt(String value) {
        return value.isEmpty() ? null : Integer.valueOf(value);
    }

    private static long parseLong(String value) {
        // Redis renders sorted-set scores as doubles ("1873" or, for large ones, "1.7e+12")
        return value.indexOf('.') >= 0 || value.indexOf('e') >= 0 ? (long) Double.parseDouble(value) : Long.parseLong(value);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Mono<List<String>> run(RedisScript<List> script, List<String> keys, List<String> args) {
        return redis.execute(script, keys, args).collectList().map(elements -> {
            List<Object> flat = new ArrayList<>();
            for (Object element : elements) {
                if (element instanceof List<?> nested) {
                    flat.addAll(nested);
                } else {
                    flat.add(element);
                }
            }
            List<String> reply = new ArrayList<>(flat.size());
            for (Object value : flat) {
                reply.add(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(value));
            }
            return reply;
        });
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script(String name) {
        return RedisScript.of(source(name), List.class);
    }

    /** The script's text, read once at class loading: reading a resource later would block an event loop. */
    static String source(String name) {
        try (var in = new ClassPathResource("io/stagedoor/queue/adapter/out/redis/" + name).getInputStream()) {
            return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the queue script " + name, e);
        }
    }
}
