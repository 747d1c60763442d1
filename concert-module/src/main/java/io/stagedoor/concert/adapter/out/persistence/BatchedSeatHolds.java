package io.stagedoor.concert.adapter.out.persistence;

import io.stagedoor.concert.application.port.out.HoldAttempt;
import io.stagedoor.concert.application.port.out.SeatHolds;
import io.stagedoor.concert.domain.FanLimits;
import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The seat state machine with holds micro-batched (docs/performance.md: one statement per hold runs at a quarter of a PostgreSQL
 * round trip; one statement per batch of concurrent holds amortises its parse, plan and commit). Each caller still gets
 * exactly the {@link HoldAttempt} of its own hold. Confirm, cancel and the sweep are the single statements of
 * {@link R2dbcSeatHolds}.
 *
 * <p>A batched hold never joins a caller's transaction (it runs in a statement shared with other callers); holds are
 * used outside transactions, and {@code hold} was atomic on its own before.
 */
final class BatchedSeatHolds implements SeatHolds {

    private final R2dbcSeatHolds transitions;
    private final Function<HoldRequest, Mono<HoldAttempt>> hold;

    /** With {@code batching.maxSize()} 1, holds are the single statement of {@code transitions}, no queue (for A/B). */
    BatchedSeatHolds(R2dbcSeatHolds transitions, DatabaseClient db, HoldBatching batching, Scheduler timers) {
        this(transitions, db, FanLimits.standard(), batching, timers);
    }

    /** {@code limits} must be the ones {@code transitions} was made with (max-size 1 holds through it). */
    BatchedSeatHolds(R2dbcSeatHolds transitions, DatabaseClient db, FanLimits limits, HoldBatching batching,
                            Scheduler timers) {
        this.transitions = Objects.requireNonNull(transitions);
        Objects.requireNonNull(timers);
        if (batching.isSingleHold()) {
            this.hold = request -> transitions.hold(request.userId(), request.concertId(), request.scheduleId(),
                    request.seatNumber(), request.now(), request.expiresAt());
        } else {
            R2dbcHoldBatch statement = new R2dbcHoldBatch(db, limits);
            HoldBatcher batcher = new HoldBatcher(
                    requests -> statement.holdAll(requests).timeout(batching.timeout(), timers),
                    batching.maxSize(), batching.maxInFlight());
            this.hold = batcher::hold;
        }
    }

    @Override
    public Mono<HoldAttempt> hold(long userId, long concertId, long scheduleId, int seatNumber, Instant now,
                                  Instant expiresAt) {
        return hold.apply(new HoldRequest(userId, concertId, scheduleId, seatNumber, now, expiresAt));
    }

    @Override
    public Mono<Reservation> confirm(long reservationId, long userId, Instant now) {
        return transitions.confirm(reservationId, userId, now);
    }

    @Override
    public Mono<Reservation> cancel(long reservationId, long userId, long concertId, Instant now) {
        return transitions.cancel(reservationId, userId, concertId, now);
    }

    @Override
    public Mono<Integer> releaseExpired(Instant now, int limit) {
        return transitions.releaseExpired(now, limit);
    }
}
