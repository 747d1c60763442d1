package io.stagedoor.load.report;

import java.util.Arrays;
import java.util.Locale;

/** Summary of a small sample of doubles (ETA errors, per-waiter bytes): mean and nearest-rank percentiles. */
public record Distribution(int count, double mean, double p50, double p95, double p99, double min, double max) {

    public static Distribution of(double[] values) {
        if (values.length == 0) {
            return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Distribution(sorted.length, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[0], sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of an ascending array: the smallest value with at least p% of the sample at or below it. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        if (p <= 0) {
            return sorted[0];
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public String format(String unit) {
        return String.format(Locale.ROOT, "n=%d mean %.1f%s p50 %.1f%s p95 %.1f%s max %.1f%s",
                count, mean, unit, p50, unit, p95, unit, max, unit);
    }
}
