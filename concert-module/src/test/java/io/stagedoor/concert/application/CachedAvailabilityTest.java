package io.stagedoor.concert.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.concert.adapter.out.persistence.ConcertPersistence;
import io.stagedoor.concert.api.AvailableSchedule;
import io.stagedoor.concert.api.CreatedConcert;
import io.stagedoor.concert.api.FreeSeat;
import io.stagedoor.concert.api.HoldSeatCommand;
import io.stagedoor.concert.api.ReservationView;
import io.stagedoor.concert.api.ScheduleNotFoundException;
import io.stagedoor.concert.api.SeatUnavailableException;
import io.stagedoor.concert.application.port.out.SeatAvailability;
import io.stagedoor.concert.domain.Seat;
import io.stagedoor.concert.domain.HoldPolicy;
import io.stagedoor.concert.support.ConcertTestModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The availability cache against the real database: shared queries, TTL, errors, eviction on holds and cancels. */
class CachedAvailabilityTest {

    private static final Duration TTL = Duration.ofSeconds(1);

    private static ConcertTestModule module;

    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private CountingAvailability counting;

    @BeforeAll
    static void start() {
        module = ConcertTestModule.start();
    }

    @AfterAll
    static void stop() {
        module.close();
    }

    @BeforeEach
    void countingDelegate() {
        counting = new CountingAvailability(new ConcertPersistence(module.db).seatAvailability());
    }

    private CachedAvailability cache(Duration ttl) {
        return new CachedAvailability(counting, ttl, ticker::get, CachedAvailability.DEFAULT_MAX_ENTRIES);
    }

    private AvailabilityService reads(CachedAvailability cache) {
        return new AvailabilityService(cache, module.clock);
    }

    @Test
    void concurrentReadersOfOneKeyShareOneQuery() throws Exception {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        Sinks.Empty<Void> gate = Sinks.empty();
        counting.gate = gate.asMono();
        AvailabilityService reads = reads(cache(TTL));
        int readers = 32;
        AtomicInteger subscribed = new AtomicInteger();
        CountDownLatch startTogether = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<List<FreeSeat>>> answers = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                answers.add(pool.submit(() -> {
                    startTogether.await();
                    return reads.freeSeats(concert.concertId(), scheduleId)
                            .doOnSubscribe(s -> subscribed.incrementAndGet())
                            .block(Duration.ofSeconds(10));
                }));
            }
            startTogether.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (subscribed.get() < readers) {
                assertThat(System.nanoTime()).as("all readers waiting").isLessThan(deadline);
                Thread.sleep(5);
            }
            gate.tryEmitEmpty();

            for (Future<List<FreeSeat>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).hasSize(50);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counting.seatQueries.get()).isEqualTo(1);
    }

    @Test
    void afterTheTtlAReadGoesToTheDatabaseAgainAndSeesASeatHeldMeanwhile() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        AvailabilityService reads = reads(cache(TTL));
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block()).hasSize(50);
        assertThat(reads.availableSchedules(concert.concertId()).block())
                .extracting(AvailableSchedule::availableSeats).containsExactly(50);

        module.holdService().hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 7)).block();
        ticker.addAndGet(TTL.toNanos() - 1);
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block()).as("still within the TTL").hasSize(50);
        assertThat(counting.seatQueries.get()).isEqualTo(1);

        ticker.addAndGet(1);
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block())
                .hasSize(49).extracting(FreeSeat::seatNumber).doesNotContain(7);
        assertThat(reads.availableSchedules(concert.concertId()).block())
                .extracting(AvailableSchedule::availableSeats).containsExactly(49);
        assertThat(counting.seatQueries.get()).isEqualTo(2);
        assertThat(counting.scheduleQueries.get()).isEqualTo(2);
    }

    @Test
    void anEntryIsNeverServedOnceItIsTtlOldAndItsAgeCountsFromTheQueryStart() {
        CreatedConcert concert = module.concertWithOneSchedule(5, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        AvailabilityService reads = reads(cache(TTL));
        for (int round = 1; round <= 3; round++) {
            reads.freeSeats(concert.concertId(), scheduleId).block();
            ticker.addAndGet(TTL.toNanos() / 2);
            reads.freeSeats(concert.concertId(), scheduleId).block();
            ticker.addAndGet(TTL.toNanos() / 2);
            assertThat(counting.seatQueries.get()).as("round " + round).isEqualTo(round);
        }
    }

    @Test
    void aFailedQueryIsNotCached() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        counting.failuresLeft.set(1);
        AvailabilityService reads = reads(cache(TTL));

        assertThatThrownBy(() -> reads.freeSeats(concert.concertId(), scheduleId).block())
                .hasMessageContaining("database went away");
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block()).hasSize(50);
        assertThat(counting.seatQueries.get()).isEqualTo(2);
    }

    @Test
    void notFoundIsStillNotFoundThroughTheCache() {
        AvailabilityService reads = reads(cache(TTL));
        CreatedConcert concert = module.concertWithOneSchedule(5, 99_000);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> reads.freeSeats(concert.concertId(), 987_654_321L).block())
                    .isInstanceOf(ScheduleNotFoundException.class);
        }
        assertThat(counting.seatQueries.get()).isEqualTo(1);
    }

    @Test
    void ttlZeroMeansEveryReadIsAQuery() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        AvailabilityService reads = reads(cache(Duration.ZERO));
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block()).hasSize(50);
        module.holdService().hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 7)).block();

        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block()).hasSize(49);
        reads.availableSchedules(concert.concertId()).block();
        reads.availableSchedules(concert.concertId()).block();
        assertThat(counting.seatQueries.get()).isEqualTo(2);
        assertThat(counting.scheduleQueries.get()).isEqualTo(2);
    }

    @Test
    void aHoldOrCancelThroughThisInstanceIsSeenAtOnceWhileTheDatabaseStillDecidesTheHold() {
        CreatedConcert concert = module.concertWithOneSchedule(50, 99_000);
        long scheduleId = concert.schedules().get(0).scheduleId();
        CachedAvailability cache = cache(TTL);
        AvailabilityService reads = reads(cache);
        HoldSeatService holds = new HoldSeatService(cache.evictingOn(module.seatHolds),
                new HoldPolicy(HoldPolicy.DEFAULT_HOLD_DURATION), module.clock);
        CancelReservationService cancels = new CancelReservationService(cache.evictingOn(module.seatHolds),
                module.records, module.clock);
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block()).hasSize(50);
        module.holdService().hold(new HoldSeatCommand(2, concert.concertId(), scheduleId, 8)).block();

        ReservationView held = holds.hold(new HoldSeatCommand(1, concert.concertId(), scheduleId, 7)).block();
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block())
                .extracting(FreeSeat::seatNumber).hasSize(48).doesNotContain(7, 8);
        assertThatThrownBy(() -> holds.hold(new HoldSeatCommand(3, concert.concertId(), scheduleId, 7)).block())
                .as("the database, not the cached list, refuses it").isInstanceOf(SeatUnavailableException.class);

        cancels.cancel(held.reservationId().value(), 1, concert.concertId()).block();
        assertThat(reads.freeSeats(concert.concertId(), scheduleId).block())
                .extracting(FreeSeat::seatNumber).hasSize(49).contains(7);
        assertThat(counting.seatQueries.get()).isEqualTo(3);
    }

    @Test
    void aFullCacheDropsExpiredEntriesAndNeverGrowsBeyondItsCap() {
        CreatedConcert concert = module.concertWithOneSchedule(5, 99_000);
        CachedAvailability cache = new CachedAvailability(counting, TTL, ticker::get, 2);
        Instant now = module.now();
        for (long scheduleId = 1; scheduleId <= 4; scheduleId++) {
            cache.freeSeats(concert.concertId(), scheduleId, now).block();
            assertThat(cache.size()).isLessThanOrEqualTo(2);
        }
        assertThat(counting.seatQueries.get()).isEqualTo(4);
        ticker.addAndGet(TTL.toNanos());
        cache.availableSchedules(concert.concertId(), now).block();
        assertThat(cache.size()).isEqualTo(1);
    }

    /** The real adapter, counting its queries; optionally held back by a gate or failing the next calls. */
    private static final class CountingAvailability implements SeatAvailability {
        final SeatAvailability real;
        final AtomicInteger scheduleQueries = new AtomicInteger();
        final AtomicInteger seatQueries = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile Mono<Void> gate = Mono.empty();

        CountingAvailability(SeatAvailability real) {
            this.real = real;
        }

        @Override
        public Mono<List<AvailableSchedule>> availableSchedules(long concertId, Instant now) {
            scheduleQueries.incrementAndGet();
            return real.availableSchedules(concertId, now);
        }

        @Override
        public Mono<List<FreeSeat>> freeSeats(long concertId, long scheduleId, Instant now) {
            seatQueries.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Mono.error(new IllegalStateException("database went away"));
            }
            return real.freeSeats(concertId, scheduleId, now).delaySubscription(gate);
        }

        @Override
        public Mono<List<Seat>> seatsOf(long concertId, long scheduleId, Instant now) {
            return real.seatsOf(concertId, scheduleId, now);
        }
    }
}
