package io.stagedoor.queue.adapter.in.tick;

import io.stagedoor.queue.api.AdmitWaitersUseCase;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs an admission round over every room once per tick, on every instance, for as long as the application context
 * runs. A tick that is still busy when the next one is due makes that one be skipped; a failing tick is logged and
 * the next one tries again.
 */
public final class AdmissionTicker implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(AdmissionTicker.class);

    private final AdmitWaitersUseCase admission;
    private final Duration tick;
    private volatile Disposable running;

    public AdmissionTicker(AdmitWaitersUseCase admission, Duration tick) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("the admission tick must be positive");
        }
        this.admission = admission;
        this.tick = tick;
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(tick)
                .onBackpressureDrop()
                .concatMap(i -> admission.admitAll().onErrorResume(e -> {
                    log.warn("Admission tick failed: " + e.getMessage());
                    return Mono.empty();
                }), 1)
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
}
