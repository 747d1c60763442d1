package io.stagedoor.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a setting costs, read from three instances measured at the same time: A with the setting, B without it, and
 * A', a second instance with the setting, as the control. Per round the cost is {@code (mean(A, A') - B) / scale}
 * and the control's difference {@code (A - A') / scale}, signed: two instances of the same build and settings differ
 * by their JIT's choices and what the machine did to each (two metrics-on instances were measured 30 % apart,
 * docs/performance.md), and a cost smaller than that difference cannot be told from it.
 *
 * <p>The figures are medians over the rounds, so one disturbed round decides nothing, and the cost's uncertainty is
 * the distribution-free interval of that median (order statistics by the sign test, at least 95 % where the rounds
 * allow it; fewer than six rounds judge nothing). The verdict against a limit widens that interval by the control's systematic difference (the median of
 * its signed differences: what two instances of one build differ by for good, which B might differ by too): met when
 * the interval's top plus it stays within the limit, not met when the interval's bottom minus it is still above it,
 * otherwise not judged.
 *
 * @param costs    per round, the cost as a fraction of the scale
 * @param controls per round, A - A' as a fraction of the scale (signed)
 */
public record ControlledCost(List<Double> costs, List<Double> controls) {

    public enum Verdict {
        MET("met"), NOT_MET("NOT met"), WITHIN_NOISE("not judged: within the noise floor"), NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** The interval of the median: its bounds and how sure (the chance that the true median lies within). */
    public record Interval(double low, double high, double confidence) {
    }

    /** How sure the interval of the median must be for a verdict; six rounds are the fewest that reach it. */
    static final double CONFIDENCE = 0.95;

    public ControlledCost {
        costs = List.copyOf(costs);
        controls = List.copyOf(controls);
    }

    /**
     * From per-round values of the three instances (e.g. CPU µs per request; a round with an unknown value of any of
     * them is left out), as fractions of each round's own figures: the cost of B, the control of mean(A, A').
     */
    public static ControlledCost of(List<Double> a, List<Double> b, List<Double> aPrime) {
        return from(a, b, aPrime, Double.NaN);
    }

    /**
     * The same as fractions of one {@code reference} figure, e.g. a request's CPU when the instances run flat out:
     * CPU per request taken at a low fixed rate carries wake-ups and timers a busy instance shares among many
     * requests, and a cost read against that larger figure would look smaller than what it takes from capacity.
     */
    public static ControlledCost against(double reference, List<Double> a, List<Double> b, List<Double> aPrime) {
        return from(a, b, aPrime, reference);
    }

    private static ControlledCost from(List<Double> a, List<Double> b, List<Double> aPrime, double reference) {
        List<Double> costs = new ArrayList<>();
        List<Double> controls = new ArrayList<>();
        int rounds = Math.min(a.size(), Math.min(b.size(), aPrime.size()));
        for (int i = 0; i < rounds; i++) {
            double on = a.get(i);
            double off = b.get(i);
            double control = aPrime.get(i);
            if (Double.isNaN(on) || Double.isNaN(off) || Double.isNaN(control) || off <= 0 || on + control <= 0) {
                continue;
            }
            double mean = (on + control) / 2;
            boolean own = Double.isNaN(reference);
            costs.add((mean - off) / (own ? off : reference));
            controls.add((on - control) / (own ? mean : reference));
        }
        return new ControlledCost(costs, controls);
    }

    public int rounds() {
        return costs.size();
    }

    public double cost() {
        return median(costs);
    }

    /** The median of the control's differences, unsigned: how far the two instances of one build differ for good. */
    public double spread() {
        return Math.abs(median(controls));
    }

    /** The median of the control's differences in size: how far the two differ in a round. */
    public double noise() {
        return median(controls.stream().map(Math::abs).toList());
    }

    /**
     * The sign-test interval of the median cost: the k-th smallest and k-th largest round, with k the largest that
     * keeps the confidence at 95 % or more (with fewer than six rounds, the smallest and largest, at less than 95 %:
     * too few rounds to judge by).
     */
    public Interval interval() {
        double[] sorted = costs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, 0);
        }
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && confidence(n, k + 1) >= CONFIDENCE) {
            k++;
        }
        return new Interval(sorted[k - 1], sorted[n - k], confidence(n, k));
    }

    /** P(the k-th smallest <= the median <= the k-th largest) for n rounds: 1 - 2 P(Binomial(n, 1/2) <= k - 1). */
    static double confidence(int n, int k) {
        double tail = 0;
        double choose = 1; // C(n, 0)
        for (int i = 0; i < k; i++) {
            tail += choose;
            choose = choose * (n - i) / (i + 1);
        }
        return Math.max(0, 1 - 2 * tail / Math.pow(2, n));
    }

    public Verdict verdict(double limit) {
        if (costs.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        Interval interval = interval();
        if (interval.confidence() < CONFIDENCE) {
            return Verdict.WITHIN_NOISE; // fewer than six rounds: no interval is sure enough to judge by
        }
        if (interval.low() - spread() > limit) {
            return Verdict.NOT_MET;
        }
        return interval.high() + spread() <= limit ? Verdict.MET : Verdict.WITHIN_NOISE;
    }

    /** "+1.0 % (interval -5.2 % … +3.0 %, 93 %; rounds …); control +0.4 % (rounds …)": the whole story in one line. */
    public String describe() {
        Interval interval = interval();
        return String.format(Locale.ROOT, "%s, interval of the median %+.1f %% … %+.1f %% (%.0f %%); control A - A' %s",
                percentages(cost(), costs, true), interval.low() * 100, interval.high() * 100, interval.confidence() * 100,
                percentages(median(controls), controls, true));
    }

    /** "+3.1 % (rounds +1.0 % / +5.2 %)" of costs (signed) or "3.1 % (rounds ...)" of noises. */
    public static String percentages(double median, List<Double> rounds, boolean signed) {
        String format = signed ? "%+.1f %%" : "%.1f %%";
        return String.format(Locale.ROOT, format + " (rounds %s)", median * 100,
                rounds.stream().map(v -> String.format(Locale.ROOT, format, v * 100)).collect(Collectors.joining(" / ")));
    }

    public static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
