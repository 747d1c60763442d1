package io.stagedoor.payment.adapter.in.scheduling;

import io.stagedoor.payment.api.PurgeIdempotencyKeysUseCase;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the purge of old Idempotency-Keys every interval on this instance. Every instance may run it: the purge
 * skips rows another one is deleting, and deleting what is already gone is a no-op. A failed run is logged and the
 * next one tries again.
 */
public final class IdempotencyKeyPurgeSchedule {

    private static final Log log = LogFactory.getLog(IdempotencyKeyPurgeSchedule.class);

    private final PurgeIdempotencyKeysUseCase purge;
    private final Duration interval;
    private Disposable running;

    public IdempotencyKeyPurgeSchedule(PurgeIdempotencyKeysUseCase purge, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the purge interval must be positive");
        }
        this.purge = purge;
        this.interval = interval;
    }

    public synchronized void start() {
        if (running == null) {
            running = Flux.interval(interval, interval)
                    .onBackpressureDrop()
                    .concatMap(tick -> purge.purge()
                            .doOnNext(deleted -> {
                                if (deleted > 0) {
                                    log.info("Purged " + deleted + " expired Idempotency-Keys");
                                }
                            })
                            .onErrorResume(failure -> {
                                log.warn("Purging expired Idempotency-Keys failed; will retry next interval: " + failure);
                                return Mono.empty();
                            }), 1)
                    .subscribe();
        }
    }

    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }
}
