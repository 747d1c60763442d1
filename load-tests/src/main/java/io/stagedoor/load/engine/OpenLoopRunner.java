package io.stagedoor.load.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Mono;

/**
 * Drives one {@link Operation} at a fixed arrival rate (open loop): request {@code i} is due at
 * {@link OpenLoopSchedule#scheduledAt}, sent then by one dispatcher thread whatever the earlier requests are doing,
 * and its latency is measured from that due instant ({@link OpenLoopSchedule#latencyMicros}), so a stalled server or a
 * late generator shows in the percentiles instead of being hidden (no coordinated omission). How late the dispatcher
 * sent is recorded apart ({@link OpenLoopResult#sendLag}), so a generator that could not keep up is visible too.
 * Latencies go to an HdrHistogram {@link Recorder} (1 µs – 5 min, 3 significant digits), as in the closed loop.
 */
public final class OpenLoopRunner {

    /** The dispatcher never sleeps longer than this, so it notices the next due request in time. */
    private static final long MAX_PARK_NANOS = 200_000;

    private OpenLoopRunner() {
    }

    /** The pass plus how late requests left the generator (not part of the latency's cause, part of its measure). */
    public record OpenLoopResult(PassResult pass, double ratePerSecond, long sent, LatencyStats sendLag) {
    }

    public static OpenLoopResult run(String name, OpenLoopSettings settings, Operation operation) {
        Recorder latency = new Recorder(1, 300_000_000L, 3);
        Recorder lag = new Recorder(1, 300_000_000L, 3);
        LongAdder ok = new LongAdder();
        LongAdder refused = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong lastEnd = new AtomicLong();

        long begin = System.nanoTime() + 1_000_000; // the first request is due 1 ms from now
        OpenLoopSchedule schedule = new OpenLoopSchedule(begin, settings.ratePerSecond());
        long measureStart = begin + settings.warmup().toNanos();
        long total = Math.min(settings.maxRequests(), schedule.countWithin(settings.warmup().plus(settings.duration()).toNanos()));
        long firstMeasured = schedule.countWithin(settings.warmup().toNanos());
        lastEnd.set(measureStart);
        boolean exhausted = false;
        long sent = 0;

        for (long i = 0; i < total; i++) {
            long due = schedule.scheduledAt(i);
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, due - now));
            }
            boolean measured = i >= firstMeasured;
            long sentAt = System.nanoTime();
            if (measured) {
                lag.recordValue(Math.max(1, (sentAt - due) / 1000));
            }
            if (inFlight.get() >= settings.maxInFlight()) {
                if (measured) {
                    latency.recordValue(schedule.latencyMicros(i, sentAt));
                    errors.computeIfAbsent(PassResult.NOT_SENT, k -> new LongAdder()).increment();
                }
                continue;
            }
            Mono<Outcome> call;
            try {
                call = operation.call(i);
            } catch (RuntimeException e) {
                call = Mono.error(e);
            }
            if (call == null) {
                exhausted = true;
                break;
            }
            sent++;
            inFlight.incrementAndGet();
            long seq = i;
            call.timeout(settings.requestTimeout())
                    .onErrorResume(e -> Mono.just(Outcome.error(ClosedLoopRunner.label(e))))
                    .defaultIfEmpty(Outcome.error("no answer"))
                    .subscribe(outcome -> {
                        long end = System.nanoTime();
                        if (measured) {
                            latency.recordValue(schedule.latencyMicros(seq, end));
                            lastEnd.accumulateAndGet(end, Math::max);
                            switch (outcome.kind()) {
                                case OK -> ok.increment();
                                case REFUSED -> refused.increment();
                                case ERROR -> errors.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
                            }
                        }
                        inFlight.decrementAndGet();
                    }, e -> inFlight.decrementAndGet());
        }
        // every request has a timeout, so this wait is bounded; the extra seconds cover a slow cancel
        long drainDeadline = System.nanoTime() + settings.requestTimeout().plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(1_000_000);
        }
        long windowEnd = Math.max(lastEnd.get(), Math.min(System.nanoTime(), measureStart + settings.duration().toNanos()));
        long elapsed = Math.max(0, windowEnd - measureStart);
        PassResult pass = new PassResult(name, ok.sum(), refused.sum(),
                errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())),
                elapsed, LatencyStats.ofMicros(latency.getIntervalHistogram()), exhausted);
        return new OpenLoopResult(pass, settings.ratePerSecond(), sent, LatencyStats.ofMicros(lag.getIntervalHistogram()));
    }
}
