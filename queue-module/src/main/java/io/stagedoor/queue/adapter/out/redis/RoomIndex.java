package io.stagedoor.queue.adapter.out.redis;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The admitter's work list {@code queue:rooms}: the rooms every instance ticks each second. The key lies outside every
 * room's cluster slot, so it is read and written by plain commands only, never from a room's script; keeping it in
 * step with the rooms therefore takes an order of steps, not atomicity.
 *
 * <p>A room joins the list when a join finds it idle (nobody waiting, no session listed) and leaves it when an
 * admission round finds it idle. Why no waiter is ever left in a room that is off the list, with a joiner doing
 * "join.lua, then SADD if it reported the room idle" and a remover doing "SREM, then re-count the room, then SADD if
 * anyone is in it" ({@link #retire}):
 * <ul>
 * <li>People only ever enter an idle room through a join (a round turns waiters into sessions; nothing else adds
 *     anyone), and that join, finding the room idle, SADDs it after its script.</li>
 * <li>Take the last SREM that removed the room. If its re-count found people, the SADD that follows it is the last
 *     word. If it found nobody, everyone in the room now came in through a join whose script ran after that re-count,
 *     so the first of them found the room idle and SADDs it after the SREM. Either way the room ends up listed.</li>
 * <li>Put differently, for one joiner and one remover: either the joiner's SADD comes after the SREM (the room is
 *     listed again), or it comes before, and then the joiner's script came before the SREM and so before the re-count,
 *     which sees the waiter (or the session it became).</li>
 * </ul>
 * Either other order leaves a window: a joiner that SADDs before its script can have its SADD undone by a SREM that
 * the re-count, running before the script, does not repair; a remover that re-counts before its SREM can count
 * nobody, then lose the race to a joiner's script and SADD, then SREM. The join's idle report is what lets it skip the
 * SADD when the room was busy (one round trip): a busy room is listed already, by the argument above, whatever this
 * instance's {@link RoomIndexRefresh} remembers.
 *
 * <p>A retirement that fails part-way (a timeout may hide a SREM that did happen) leaves the room possibly unlisted
 * with nobody sure it is idle; this instance remembers it and puts it back at the start of its next tick, so its next
 * idle round retires it properly. One instance's ticks never overlap (PeriodicTask skips a tick while one runs).
 */
final class RoomIndex {

    private final ReactiveStringRedisTemplate redis;
    private final Set<Long> retiring = ConcurrentHashMap.newKeySet();

    RoomIndex(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    Mono<Void> add(long concertId) {
        return redis.opsForSet().add(RoomKeys.ROOMS, Long.toString(concertId)).then();
    }

    /** The listed rooms, after putting back those whose retirement on this instance did not finish. */
    Flux<Long> members() {
        return Mono.defer(this::putBackUnfinishedRetirements)
                .thenMany(redis.opsForSet().members(RoomKeys.ROOMS))
                .map(Long::parseLong);
    }

    private Mono<Void> putBackUnfinishedRetirements() {
        List<Long> unfinished = List.copyOf(retiring);
        if (unfinished.isEmpty()) {
            return Mono.empty();
        }
        String[] members = unfinished.stream().map(String::valueOf).toArray(String[]::new);
        return redis.opsForSet().add(RoomKeys.ROOMS, members).doOnSuccess(added -> retiring.removeAll(unfinished)).then();
    }

    /**
     * Takes a room an admission round found idle off the list, unless {@code occupancy} (waiters + listed sessions,
     * read on the room's slot after the SREM) finds someone: then the room goes back. Emits whether the room left the
     * list by this call (false too when another instance had already taken it off: a SREM that removed nothing needs
     * no re-count).
     */
    Mono<Boolean> retire(long concertId, Mono<Long> occupancy) {
        String member = Long.toString(concertId);
        return Mono.defer(() -> {
            retiring.add(concertId);
            return redis.opsForSet().remove(RoomKeys.ROOMS, member)
                    .flatMap(removed -> removed == 0 ? Mono.just(false) : occupancy.flatMap(people -> people == 0
                            ? Mono.just(true)
                            : redis.opsForSet().add(RoomKeys.ROOMS, member).thenReturn(false)))
                    .doOnSuccess(left -> retiring.remove(concertId));
        });
    }
}
