package io.stagedoor.concert.application;

import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import io.stagedoor.concert.application.port.out.SeatHolds;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Sweeps expired holds in batches until a batch comes back short (at most {@code maxBatches} per run, so one run
 * never monopolises the pool). Every batch is one statement that skips seats another instance is sweeping.
 */
final class SweepExpiredHoldsService implements SweepExpiredHoldsUseCase {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_MAX_BATCHES = 20;

    private final SeatHolds seatHolds;
    private final Clock clock;
    private final int batchSize;
    private final int maxBatches;

    SweepExpiredHoldsService(SeatHolds seatHolds, Clock clock) {
        this(seatHolds, clock, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCHES);
    }

    SweepExpiredHoldsService(SeatHolds seatHolds, Clock clock, int batchSize, int maxBatches) {
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batchSize and maxBatches must be positive");
        }
        this.seatHolds = Objects.requireNonNull(seatHolds);
        this.clock = Objects.requireNonNull(clock);
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
    }

    @Override
    public Mono<Integer> sweepExpiredHolds() {
        return Mono.defer(() -> {
            Instant now = Now.of(clock);
            return Mono.defer(() -> seatHolds.releaseExpired(now, batchSize))
                    .expand(freed -> freed == batchSize ? seatHolds.releaseExpired(now, batchSize) : Mono.empty())
                    .take(maxBatches)
                    .reduce(0, Integer::sum);
        });
    }
}
