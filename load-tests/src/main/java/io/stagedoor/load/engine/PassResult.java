package io.stagedoor.load.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass measured: successful requests, expected refusals, errors by label, the measured wall time and the
 * latency of every measured request (successes, refusals and errors alike).
 */
public record PassResult(String name, long ok, long refused, Map<String, Long> errors, long elapsedNanos,
                         LatencyStats latency, boolean exhausted) {

    /** The error of an open-loop request that was due while the pass's in-flight cap was full, and so never sent. */
    public static final String NOT_SENT = "backlog (not sent)";

    public PassResult {
        errors = Map.copyOf(new TreeMap<>(errors));
    }

    /** Requests that reached the server: answered, refused or failed, but not those never sent. */
    public long sent() {
        return ok + refused + errorCount() - errors.getOrDefault(NOT_SENT, 0L);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Successful requests per second over the measured window; refusals and errors do not count. */
    public double throughput() {
        return perSecond(ok, elapsedNanos);
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public static double perSecond(long count, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : count * 1e9 / elapsedNanos;
    }

    public PassResult renamed(String newName) {
        return new PassResult(newName, ok, refused, errors, elapsedNanos, latency, exhausted);
    }
}
