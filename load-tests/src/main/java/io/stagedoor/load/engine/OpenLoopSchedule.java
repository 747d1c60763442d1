package io.stagedoor.load.engine;

/**
 * When each request of an open-loop pass is due: request {@code i} at {@code startNanos + i * 1e9 / rate}, whatever
 * happened to the requests before it. Latency is taken from this instant, not from when the request actually left:
 * a server (or a load generator) that stalls delays every request due during the stall, and each of them carries the
 * delay in its latency. A closed loop would have sent none of them and recorded one slow request (coordinated
 * omission).
 */
public record OpenLoopSchedule(long startNanos, double ratePerSecond) {

    public OpenLoopSchedule {
        if (!(ratePerSecond > 0) || ratePerSecond > 1_000_000) {
            throw new IllegalArgumentException("rate must be between 0 and 1,000,000 requests/s, was " + ratePerSecond);
        }
    }

    /** The instant request {@code i} (0-based) is due. */
    public long scheduledAt(long i) {
        return startNanos + (long) Math.floor(i * 1e9 / ratePerSecond);
    }

    /** How many requests are due by {@code nowNanos} (requests 0 .. n-1). */
    public long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        return (long) Math.floor((nowNanos - startNanos) * ratePerSecond / 1e9) + 1;
    }

    /** Requests scheduled within {@code nanos} from the start. */
    public long countWithin(long nanos) {
        return (long) Math.ceil(nanos * ratePerSecond / 1e9);
    }

    /** The latency of request {@code i} answered at {@code endNanos}, in microseconds (at least 1). */
    public long latencyMicros(long i, long endNanos) {
        return Math.max(1, (endNanos - scheduledAt(i)) / 1000);
    }
}
