package io.stagedoor.queue.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * When the per-minute admission budget a room spent comes back. The admissions counted for epoch second {@code s}
 * stop counting against the budget from second {@code s + }{@value AdmissionPolicy#RATE_WINDOW_COUNTERS} on
 * ({@link AdmissionPolicy#inRateWindow}), so a room that spent its budget in a burst admits again exactly then. A
 * waiter's estimate that knows this counts down to that instant; without it the estimate can only say "one rate window"
 * however near the window's end is, and a waiter who polls at a quarter of that learns of its admission late.
 *
 * @param seconds epoch seconds at which budget comes back, ascending
 * @param counts  how many admissions' budget comes back at each of them
 */
public record BudgetReturns(long[] seconds, long[] counts) {

    private static final BudgetReturns UNKNOWN = new BudgetReturns(new long[0], new long[0]);

    public BudgetReturns {
        if (seconds.length != counts.length) {
            throw new IllegalArgumentException("one count per second");
        }
        seconds = seconds.clone();
        counts = counts.clone();
    }

    /** Nothing known of the schedule: the estimate falls back to whole rate windows. */
    public static BudgetReturns unknown() {
        return UNKNOWN;
    }

    /** From the rate window's per-second admission counters (epoch second of the admissions → how many). */
    public static BudgetReturns fromCounters(Map<Long, Long> admittedPerSecond) {
        TreeMap<Long, Long> sorted = new TreeMap<>();
        admittedPerSecond.forEach((second, count) -> {
            if (count > 0) {
                sorted.merge(second + AdmissionPolicy.RATE_WINDOW_COUNTERS, count, Long::sum);
            }
        });
        long[] at = new long[sorted.size()];
        long[] count = new long[sorted.size()];
        int i = 0;
        for (Map.Entry<Long, Long> entry : sorted.entrySet()) {
            at[i] = entry.getKey();
            count[i] = entry.getValue();
            i++;
        }
        return new BudgetReturns(at, count);
    }

    /**
     * Seconds from {@code now} until at least {@code needed} admissions' budget has come back (0 if it already has),
     * or -1 when the budget spent in the current window is not enough for {@code needed}.
     */
    public long secondsUntil(long needed, Instant now) {
        long back = 0;
        for (int i = 0; i < seconds.length; i++) {
            back += counts[i];
            if (back >= needed) {
                long millis = seconds[i] * 1000 - now.toEpochMilli();
                return millis <= 0 ? 0 : (millis + 999) / 1000;
            }
        }
        return -1;
    }

    /** All the budget that comes back within the current window. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BudgetReturns that && Arrays.equals(seconds, that.seconds)
                && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(seconds) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "BudgetReturns" + Arrays.toString(seconds) + Arrays.toString(counts);
    }
}
