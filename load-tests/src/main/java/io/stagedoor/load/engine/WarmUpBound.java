package io.stagedoor.load.engine;

import java.time.Duration;

/**
 * When an unrecorded JIT warm-up pass has done enough: at least {@code atLeast} of wall time <em>and</em> at least
 * {@code requestsAtLeast} answered requests, or {@code atMost} of wall time whatever it served. A JIT compiles a path
 * after it ran it often enough, not after a time: on a crowded machine a time-only warm-up served a few hundred
 * requests and the judged pass then ran in the interpreter (docs/performance.md, "Where a hold's and a payment's time
 * goes"). The time floor keeps a quiet machine's warm-up as long as before; the ceiling keeps a very slow machine's
 * bounded.
 */
public record WarmUpBound(Duration atLeast, long requestsAtLeast, Duration atMost) {

    public WarmUpBound {
        if (atLeast.isNegative() || requestsAtLeast < 0) {
            throw new IllegalArgumentException("a warm-up's minimum time and requests cannot be negative");
        }
        if (atMost.compareTo(atLeast) < 0 || atMost.isZero()) {
            throw new IllegalArgumentException("a warm-up's limit (" + atMost.toSeconds() + " s) must be positive and at least its minimum ("
                    + atLeast.toSeconds() + " s)");
        }
    }

    /** Whether a warm-up pass that has run {@code elapsedNanos} and had {@code answered} requests answered may stop. */
    public boolean reached(long elapsedNanos, long answered) {
        return elapsedNanos >= atMost.toNanos() || (elapsedNanos >= atLeast.toNanos() && answered >= requestsAtLeast);
    }

    /** The closed-loop settings of a warm-up pass: nothing unrecorded before it, and the limit as its length. */
    public PassSettings settings(PassSettings judged) {
        return judged.withWarmup(Duration.ZERO).withDuration(atMost);
    }

    /** "at least 5 s and 10000 requests, at most 120 s", for the report. */
    public String describe() {
        return "at least " + atLeast.toSeconds() + " s and " + requestsAtLeast + " answered requests per pass, at most "
                + atMost.toSeconds() + " s";
    }
}
