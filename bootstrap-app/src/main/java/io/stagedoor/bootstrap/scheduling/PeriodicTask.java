package io.stagedoor.bootstrap.scheduling;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one module's periodic use case (admission rounds, expired-hold sweeps, key purges) every interval on this
 * instance, for as long as the application context runs. Every instance runs its own: the use cases are safe to run
 * concurrently by design (atomic scripts, SKIP LOCKED). Runs never overlap — a tick that finds the previous run still
 * busy is skipped — and a failed run is logged and retried on the next tick.
 */
public final class PeriodicTask implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(PeriodicTask.class);

    private final String name;
    private final Duration interval;
    private final Supplier<? extends Mono<? extends Number>> run;
    private volatile Disposable running;

    public PeriodicTask(String name, Duration interval, Supplier<? extends Mono<? extends Number>> run) {
        this.name = Objects.requireNonNull(name);
        this.run = Objects.requireNonNull(run);
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, was " + interval);
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
                .concatMap(tick -> Mono.defer(run)
                        .doOnNext(done -> {
                            if (done.longValue() > 0 && log.isDebugEnabled()) {
                                log.debug(name + ": " + done);
                            }
                        })
                        .onErrorResume(failure -> {
                            log.warn(name + " failed; retrying next tick: " + failure);
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

    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }
}
