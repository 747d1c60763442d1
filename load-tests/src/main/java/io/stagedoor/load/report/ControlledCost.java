package io.stagedoor.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a setting costs, read from three instances measured at the same time: A with the setting, B without it, and
 * A', a second instance with the setting, as the control. Per round the cost is {@code mean(A, A') / B - 1} and the
 * noise floor {@code |A - A'| / mean(A, A')}: two instances of the same build and settings differ by their JIT's
 * choices and what the machine did to each, and a cost smaller than that difference cannot be told from it (two
 * metrics-on instances were measured 30 % apart, docs/performance.md). The figures are medians over the rounds.
 *
 * <p>The verdict against a limit is taken only where the noise allows: met when cost + noise stays within the limit,
 * not met when cost - noise is still above it, otherwise not judged.
 */
public record ControlledCost(List<Double> costs, List<Double> noises) {

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

    public ControlledCost {
        costs = List.copyOf(costs);
        noises = List.copyOf(noises);
    }

    /**
     * From per-round values of the three instances (e.g. CPU µs per request; a round with an unknown value of any of
     * them is left out).
     */
    public static ControlledCost of(List<Double> a, List<Double> b, List<Double> aPrime) {
        List<Double> costs = new ArrayList<>();
        List<Double> noises = new ArrayList<>();
        int rounds = Math.min(a.size(), Math.min(b.size(), aPrime.size()));
        for (int i = 0; i < rounds; i++) {
            double on = a.get(i);
            double off = b.get(i);
            double control = aPrime.get(i);
            if (Double.isNaN(on) || Double.isNaN(off) || Double.isNaN(control) || off <= 0 || on + control <= 0) {
                continue;
            }
            double mean = (on + control) / 2;
            costs.add(mean / off - 1);
            noises.add(Math.abs(on - control) / mean);
        }
        return new ControlledCost(costs, noises);
    }

    public int rounds() {
        return costs.size();
    }

    public double cost() {
        return median(costs);
    }

    public double noise() {
        return median(noises);
    }

    public Verdict verdict(double limit) {
        if (costs.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        if (cost() - noise() > limit) {
            return Verdict.NOT_MET;
        }
        return cost() + noise() <= limit ? Verdict.MET : Verdict.WITHIN_NOISE;
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
