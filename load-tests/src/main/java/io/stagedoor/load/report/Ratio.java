package io.stagedoor.load.report;

import java.util.Locale;

/** Throughput as a multiple of its ceiling, formatted the way the report prints it. */
public final class Ratio {

    private Ratio() {
    }

    /** value / ceiling, or NaN when there is no usable ceiling. */
    public static double of(double value, double ceiling) {
        if (!(ceiling > 0) || Double.isNaN(value)) {
            return Double.NaN;
        }
        return value / ceiling;
    }

    /** "0.73x" (two decimals), or "n/a". */
    public static String format(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** "met" when the ratio reaches the target, "MISSED" when not, "-" when there is no target or no ratio. */
    public static String verdict(double ratio, Double target) {
        if (target == null || Double.isNaN(ratio)) {
            return "-";
        }
        // compare on the printed precision, so "0.70x" never reads as a miss of ">= 0.70x"
        return Math.round(ratio * 100) >= Math.round(target * 100) ? "met" : "MISSED";
    }

    /** "≥ 0.70x". */
    public static String target(Double target) {
        return target == null ? "-" : ">= " + format(target);
    }
}
