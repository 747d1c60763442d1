package io.stagedoor.load.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives one {@link Operation} with a fixed number of concurrent workers (closed loop: a worker sends its next
 * request only when the previous one answered), bounded by time and by request count, and records latency in
 * an HdrHistogram {@link Recorder} (wait-free from any thread).
 */
public final class ClosedLoopRunner {

    private ClosedLoopRunner() {
    }

    public static PassResult run(String name, PassSettings settings, Operation operation) {
        return run(name, settings, operation, null);
    }

    /**
     * As {@link #run(String, PassSettings, Operation)}, and with a {@code warmUp} bound (null: none) the pass also stops
     * as soon as that bound is reached: a JIT warm-up pass that has served enough requests.
     */
    public static PassResult run(String name, PassSettings settings, Operation operation, WarmUpBound warmUp) {
        Recorder recorder = new Recorder(1, 300_000_000L, 3);
        LongAdder ok = new LongAdder();
        LongAdder refused = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean exhausted = new AtomicBoolean();
        AtomicLong lastEnd = new AtomicLong();
        LongAdder answered = new LongAdder(); // successes and expected refusals: requests that ran the path

        long begin = System.nanoTime();
        long measureStart = begin + settings.warmup().toNanos();
        long deadline = measureStart + settings.duration().toNanos();
        lastEnd.set(measureStart);

        Mono<Boolean> oneRequest = Mono.defer(() -> {
            long start = System.nanoTime();
            if (start >= deadline || stop.get() || (warmUp != null && warmUp.reached(start - begin, answered.sum()))) {
                stop.set(true);
                return Mono.empty();
            }
            long seq = sequence.getAndIncrement();
            if (seq >= settings.maxRequests()) {
                stop.set(true);
                return Mono.empty();
            }
            Mono<Outcome> call;
            try {
                call = operation.call(seq);
            } catch (RuntimeException e) {
                call = Mono.error(e);
            }
            if (call == null) {
                exhausted.set(true);
                stop.set(true);
                return Mono.empty();
            }
            boolean measured = start >= measureStart;
            return call.timeout(settings.requestTimeout())
                    .onErrorResume(e -> Mono.just(Outcome.error(label(e))))
                    .defaultIfEmpty(Outcome.error("no answer"))
                    .map(outcome -> {
                        long end = System.nanoTime();
                        if (outcome.kind() != Outcome.Kind.ERROR) {
                            answered.increment();
                        }
                        if (measured) {
                            recorder.recordValue(Math.max(1, (end - start) / 1000));
                            lastEnd.accumulateAndGet(end, Math::max);
                            switch (outcome.kind()) {
                                case OK -> ok.increment();
                                case REFUSED -> refused.increment();
                                case ERROR -> errors.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
                            }
                        }
                        return Boolean.TRUE;
                    });
        });

        Duration bound = settings.warmup().plus(settings.duration()).plus(settings.requestTimeout()).plusSeconds(10);
        Flux.range(0, settings.concurrency())
                .flatMap(worker -> oneRequest.repeat(() -> !stop.get()), settings.concurrency())
                .then()
                .block(bound);

        long elapsed = Math.max(0, lastEnd.get() - measureStart);
        return new PassResult(name, ok.sum(), refused.sum(),
                errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())),
                elapsed, LatencyStats.ofMicros(recorder.getIntervalHistogram()), exhausted.get());
    }

    static String label(Throwable e) {
        if (e instanceof TimeoutException) {
            return "timeout";
        }
        String simple = e.getClass().getSimpleName();
        return simple.isEmpty() ? e.getClass().getName() : simple;
    }
}
