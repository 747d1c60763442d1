package io.stagedoor.concert.adapter.in.schedule;

import io.stagedoor.concert.api.SweepExpiredHoldsUseCase;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the expired-hold sweep every {@code interval} on this instance (every instance runs one; the sweep statement
 * skips seats another instance is sweeping). Runs never overlap; a failed run is logged and the next tick tries again.
 * Started and stopped with the application context.
 */
public final class HoldSweepSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HoldSweepSchedule.class);

    private final SweepExpiredHoldsUseCase sweep;
    private final Duration interval;
    private volatile Disposable running;

    public HoldSweepSchedule(SweepExpiredHoldsUseCase sweep, Duration interval) {
        this.sweep = Objects.requireNonNull(sweep);
        Objects.requireNonNull(interval);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be positive: " + interval);
        }
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> sweep.sweepExpiredHolds()
                        .doOnNext(swept -> {
                            if (swept > 0) {
                                log.debug("Swept {} expired holds", swept);
                            }
                        })
                        .onErrorResume(error -> {
                            log.warn("Sweeping expired holds failed; retrying next tick: {}", error.toString());
                            return Mono.empty();
                        }), 0)
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    public Duration interval() {
        return interval;
    }
}
