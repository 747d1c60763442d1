package io.stagedoor.concert.application;

import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.Seat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A short-lived cache in front of {@link SeatAvailability} (docs/performance.md: availability may be stale by at most the TTL; a
 * hold is still decided by the database's conditional UPDATE, never by this cache).
 *
 * <p>Per key (schedules of a concert; free seats of a schedule; the seat rows of a schedule's map) it keeps the in-flight or completed answer of ONE
 * query for less than {@code ttl}: concurrent readers of a key share that query (no thundering herd), and an entry is
 * served only while {@code ticker() - startedAt < ttl}. The age counts from the moment the query was started, so an
 * answer served is never older than the TTL. A failed query is removed before its readers see the error, so errors are
 * never cached; a "not found" (empty) answer is cached like any other. The query runs to completion even if its readers
 * cancel. Size is bounded: inserting into a full map first drops expired entries; if it is still full the read goes
 * straight to the delegate without being cached. A TTL of zero disables the cache (every read is a query).
 *
 * <p>Time: a monotonic nanosecond ticker ({@link System#nanoTime()} in production, injected by tests), not the
 * wall {@code Clock}, so a clock adjustment can never stretch an entry's life. The "now" handed to the query (which
 * schedules are in the future, which holds have run out) is still read from the injected {@code Clock} when the query
 * starts.
 *
 * <p>{@link #evictingOn(SeatHolds)} wraps the seat-hold port so that a hold won or a cancel made through this instance
 * drops the affected keys at once (read-your-own-writes on one instance); other instances see it within the TTL.
 */
final class CachedAvailability implements SeatAvailability {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final SeatAvailability delegate;
    private final long ttlNanos;
    private final LongSupplier ticker;
    private final int maxEntries;
    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();

    CachedAvailability(SeatAvailability delegate, Duration ttl) {
        this(delegate, ttl, System::nanoTime, DEFAULT_MAX_ENTRIES);
    }

    CachedAvailability(SeatAvailability delegate, Duration ttl, LongSupplier ticker, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate);
        Objects.requireNonNull(ttl);
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("availability cache TTL must not be negative: " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.ticker = Objects.requireNonNull(ticker);
        this.maxEntries = maxEntries;
    }

    @Override
    public Mono<List<AvailableSchedule>> availableSchedules(long concertId, Instant now) {
        return cached(new SchedulesKey(concertId), () -> delegate.availableSchedules(concertId, now));
    }

    @Override
    public Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId, Instant now) {
        return cached(new SeatsKey(concertId, scheduleId), () -> delegate.freeSeats(concertId, scheduleId, now));
    }

    @Override
    public Mono<List<Seat>> seatsOf(long concertId, long scheduleId, Instant now) {
        return cached(new SeatMapKey(concertId, scheduleId), () -> delegate.seatsOf(concertId, scheduleId, now));
    }

    /** Drops what is cached for the concert's schedule list and for the schedule's seats and seat map. */
    public void evict(long concertId, long scheduleId) {
        entries.remove(new SchedulesKey(concertId));
        entries.remove(new SeatsKey(concertId, scheduleId));
        entries.remove(new SeatMapKey(concertId, scheduleId));
    }

    /** {@code holds}, evicting the affected keys after each hold won and each cancel made. */
    public SeatHolds evictingOn(SeatHolds holds) {
        Objects.requireNonNull(holds);
        return new SeatHolds() {
            @Override
            public Mono<HoldAttempt> hold(long userId, long concertId, long scheduleId, int seatNumber, Instant now,
                                          Instant expiresAt) {
                return holds.hold(userId, concertId, scheduleId, seatNumber, now, expiresAt)
                        .doOnNext(attempt -> {
                            if (attempt instanceof HoldAttempt.Won) {
                                evict(concertId, scheduleId);
                            }
                        });
            }

            @Override
            public Mono<Reservation> confirm(long reservationId, long userId, Instant now) {
                return holds.confirm(reservationId, userId, now); // HELD → SOLD: the seat was not free and still is not
            }

            @Override
            public Mono<Reservation> cancel(long reservationId, long userId, long concertId, Instant now) {
                return holds.cancel(reservationId, userId, concertId, now)
                        .doOnNext(cancelled -> evict(cancelled.concertId(), cancelled.scheduleId()));
            }

            @Override
            public Mono<Integer> releaseExpired(Instant now, int limit) {
                return holds.releaseExpired(now, limit); // a run-out hold already reads as free
            }
        };
    }

    /** Keys currently held (expired ones included until the next sweep); for tests and metrics. */
    int size() {
        return entries.size();
    }

    @SuppressWarnings("unchecked")
    private <T> Mono<List<T>> cached(Object key, Supplier<Mono<List<T>>> query) {
        if (ttlNanos == 0) {
            return Mono.defer(query);
        }
        return Mono.defer(() -> {
            long now = ticker.getAsLong();
            Entry fresh = new Entry(now);
            Entry current = entries.get(key);
            if (current == null || !current.servableAt(now, ttlNanos)) {
                if (current == null && entries.size() >= maxEntries) {
                    entries.values().removeIf(entry -> !entry.servableAt(now, ttlNanos));
                    if (entries.size() >= maxEntries) {
                        return query.get();
                    }
                }
                current = entries.compute(key, (k, old) -> old != null && old.servableAt(now, ttlNanos) ? old : fresh);
            }
            if (current == fresh) {
                start(key, fresh, query);
            }
            return Mono.fromFuture(current.answer, true)
                    .flatMap(answer -> Mono.justOrEmpty((Optional<List<T>>) answer));
        });
    }

    /** Runs the query detached from any one reader; a failure leaves the map before the readers hear of it. */
    private <T> void start(Object key, Entry entry, Supplier<Mono<List<T>>> query) {
        Mono.defer(query)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .subscribe(entry.answer::complete, error -> {
                    entries.remove(key, entry);
                    entry.answer.completeExceptionally(error);
                });
    }

    private static final class Entry {
        final long startedAt;
        final CompletableFuture<Optional<?>> answer = new CompletableFuture<>();

        Entry(long startedAt) {
            this.startedAt = startedAt;
        }

        boolean servableAt(long now, long ttlNanos) {
            return now - startedAt < ttlNanos;
        }
    }

    private record SchedulesKey(long concertId) {
    }

    private record SeatsKey(long concertId, long scheduleId) {
    }

    private record SeatMapKey(long concertId, long scheduleId) {
    }
}
