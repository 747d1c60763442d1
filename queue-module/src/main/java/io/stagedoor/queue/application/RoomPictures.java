package io.stagedoor.queue.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stagedoor.queue.application.port.out.Heartbeat;
import io.stagedoor.queue.application.port.out.RoomPicture;
import io.stagedoor.queue.application.port.out.Standing;
import io.stagedoor.queue.application.port.out.WaitingLine;
import io.stagedoor.queue.domain.BudgetReturns;
import io.stagedoor.queue.domain.QueueToken;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * This instance's picture of every room it ticks, refreshed once per admission tick with one Redis call per room
 * ({@link WaitingLine#picture}), so that a waiter's status poll, and every event stream, is answered without a Redis
 * round trip (docs/queue.md, Status from memory).
 *
 * <p>An answer from memory is only ever WAITING, and only when the picture is sure of it:
 * <ul>
 *   <li>the token's sequence number is among the first {@link #FRONT_SIZE} waiters of a picture at most
 *   {@code maxAge} old: its exact position then; or it lies beyond them (the front is full) and was not joined after
 *   the picture: a position interpolated between the last front waiter and the last sequence number handed out;</li>
 *   <li>and the token was never reported gone by a refresh (its secret no longer matched a place in line).</li>
 * </ul>
 * Everything else — a token ahead of the line's head or missing from the front (admitted, swept or expired), one that
 * joined after the picture, one reported gone, a room without a fresh picture — is {@code empty}: the caller asks Redis,
 * so an ACTIVE answer always comes from Redis, and an admitted token reads ACTIVE as soon as a refresh no longer shows it
 * waiting (within one tick). Positions told to a waiter never grow ({@link #noFurtherBack}).
 *
 * <p>The waiters answered from memory are remembered as heartbeats and written by the next refresh, in the same call
 * (at most {@value #HEARTBEATS_PER_GRACE} times per abandon grace period per waiter), so the abandon sweep still drops
 * only those who stopped asking.
 */
final class RoomPictures {

    /** Waiters at the front of each line whose positions are exact. */
    public static final int FRONT_SIZE = 1000;
    private static final int MAX_REMEMBERED = 250_000;
    /** How many times per abandon grace period a polling waiter's last-seen is written. */
    static final int HEARTBEATS_PER_GRACE = 4;

    private final WaitingLine line;
    private final QueueRules rules;
    private final Clock clock;
    private final Duration maxAge;
    private final boolean enabled;
    private final Map<Long, RoomPicture> pictures = new ConcurrentHashMap<>();
    private final Map<Long, Map<Long, String>> heartbeats = new ConcurrentHashMap<>();
    private final Cache<String, Boolean> gone;
    private final Cache<String, Long> floors;
    private final Cache<String, Boolean> recentBeats;

    /**
     * @param maxAge a picture older than this answers nothing (the ticks stopped refreshing it: Redis is away, or the
     *               room left the work list), so polls go to Redis again
     */
    RoomPictures(WaitingLine line, QueueRules rules, Clock clock, Duration maxAge) {
        this(line, rules, clock, maxAge, true);
    }

    private RoomPictures(WaitingLine line, QueueRules rules, Clock clock, Duration maxAge, boolean enabled) {
        this.line = line;
        this.rules = rules;
        this.clock = clock;
        this.maxAge = maxAge;
        this.enabled = enabled;
        // a secret is never issued twice, so "gone" is for good; both forget after the abandon grace period
        this.gone = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfterWrite(rules.abandonAfter()).build();
        this.floors = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfterAccess(rules.abandonAfter()).build();
        // a waiter's last-seen needs writing only a few times per grace period, not on every poll: at 10,000 streams
        // re-reading every second, one write per waiter per tick cost Redis ~20,000 commands/s (docs/performance.md)
        this.recentBeats = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(rules.abandonAfter().dividedBy(HEARTBEATS_PER_GRACE)).build();
    }

    /** No pictures: every poll asks Redis (positions still never grow for a waiter). */
    static RoomPictures disabled(WaitingLine line, QueueRules rules, Clock clock) {
        return new RoomPictures(line, rules, clock, Duration.ZERO, false);
    }

    /** One refresh of one room: writes the heartbeats gathered since the last one and takes a new picture. */
    public Mono<RoomPicture> refresh(long concertId) {
        if (!enabled) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            Map<Long, String> pending = heartbeats.remove(concertId);
            List<Heartbeat> beats = new ArrayList<>();
            if (pending != null) {
                pending.forEach((userId, secret) -> beats.add(new Heartbeat(userId, secret)));
            }
            return line.picture(concertId, beats, FRONT_SIZE, clock.instant(), rules.abandonAfter())
                    .doOnNext(picture -> {
                        picture.goneSecrets().forEach(secret -> gone.put(secret, Boolean.TRUE));
                        pictures.put(concertId, picture);
                    })
                    .doOnError(failure -> beats.forEach(beat -> heartbeat(concertId, beat.userId(), beat.secret())));
        });
    }

    /** The token's WAITING standing from memory, when the picture is sure of it; empty means "ask Redis". */
    public Optional<Standing.Waiting> waiting(QueueToken token) {
        if (!enabled || !token.carriesSeq()) {
            return Optional.empty();
        }
        RoomPicture picture = freshPicture(token.concertId());
        if (picture == null || gone.getIfPresent(token.secret()) != null) {
            return Optional.empty();
        }
        long position = positionOf(token.seq(), picture);
        if (position <= 0) {
            return Optional.empty();
        }
        if (recentBeats.asMap().putIfAbsent(token.secret(), Boolean.TRUE) == null) {
            heartbeat(token.concertId(), token.userId(), token.secret());
        }
        return Optional.of(new Standing.Waiting(noFurtherBack(token, position), picture.admittedLastMinute(),
                picture.budgetReturns(), picture.active(), picture.storedSettings()));
    }

    /**
     * When the room's spent budget comes back, as this instance's fresh picture saw it; unknown without one. A Redis
     * answer of a waiter (a fresh joiner, say) does not carry it.
     */
    public BudgetReturns budgetReturns(long concertId) {
        RoomPicture picture = enabled ? freshPicture(concertId) : null;
        return picture == null ? BudgetReturns.unknown() : picture.budgetReturns();
    }

    /** The room's picture unless it is older than {@code maxAge} (the ticks stopped refreshing it); else null. */
    private RoomPicture freshPicture(long concertId) {
        RoomPicture picture = pictures.get(concertId);
        return picture == null || picture.takenAt().plus(maxAge).isBefore(clock.instant()) ? null : picture;
    }

    /** The position to tell: never more than one told before to the same token (pictures of two ticks differ). */
    public long noFurtherBack(QueueToken token, long position) {
        return floors.asMap().merge(token.secret(), position, Math::min);
    }

    /** 1-based position of {@code seq} in the picture, or 0 when the picture cannot tell. */
    static long positionOf(long seq, RoomPicture picture) {
        long[] front = picture.front();
        if (front.length == 0 || seq > picture.lastSeq() || seq < front[0]) {
            return 0;
        }
        int index = picture.indexInFront(seq);
        if (index >= 0) {
            return index + 1L;
        }
        long frontLast = front[front.length - 1];
        if (seq < frontLast || front.length < FRONT_SIZE || picture.waiting() <= front.length) {
            return 0; // inside the front but not in it (gone), or the whole line is in the front and it is not there
        }
        long beyond = picture.waiting() - front.length;
        long span = Math.max(1, picture.lastSeq() - frontLast);
        long estimate = front.length + Math.max(1, Math.round((double) (seq - frontLast) * beyond / span));
        return Math.min(estimate, picture.waiting());
    }

    private void heartbeat(long concertId, long userId, String secret) {
        heartbeats.computeIfAbsent(concertId, id -> new ConcurrentHashMap<>()).put(userId, secret);
    }

    /** Rooms with a picture (for tests and operators' curiosity). */
    int rooms() {
        return pictures.size();
    }
}
