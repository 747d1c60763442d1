package io.stagedoor.load.engine;

import org.HdrHistogram.Histogram;

/** Latency summary of one pass, in milliseconds, read from an HdrHistogram recorded in microseconds. */
public record LatencyStats(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs, double p999Ms) {

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);

    public static LatencyStats ofMicros(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencyStats(histogram.getTotalCount(),
                ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(95)),
                ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMaxValue()),
                histogram.getMean() / 1000.0,
                ms(histogram.getValueAtPercentile(99.9)));
    }

    /** A histogram sized for request latencies: 1 µs to 5 minutes at 3 significant digits. */
    public static Histogram newMicrosHistogram() {
        return new Histogram(1, 300_000_000L, 3);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
