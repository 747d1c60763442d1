package io.stagedoor.load.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Recorder;

/** Thread-safe latency and outcome counts for scenario steps that are not a plain closed loop (open-loop spikes, flows). */
public final class Tally {

    private final Recorder recorder = new Recorder(1, 300_000_000L, 3);
    private final LongAdder ok = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    public void record(long startNanos, Outcome outcome) {
        recorder.recordValue(Math.max(1, (System.nanoTime() - startNanos) / 1000));
        switch (outcome.kind()) {
            case OK -> ok.increment();
            case REFUSED -> refused.increment();
            case ERROR -> errors.computeIfAbsent(outcome.label(), k -> new LongAdder()).increment();
        }
    }

    public long ok() {
        return ok.sum();
    }

    /** Drops everything recorded so far (end of a warm-up). */
    public void reset() {
        recorder.reset();
        ok.reset();
        refused.reset();
        errors.clear();
    }

    public PassResult result(String name, long elapsedNanos) {
        return new PassResult(name, ok.sum(), refused.sum(),
                errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())),
                elapsedNanos, LatencyStats.ofMicros(recorder.getIntervalHistogram()), false);
    }
}
