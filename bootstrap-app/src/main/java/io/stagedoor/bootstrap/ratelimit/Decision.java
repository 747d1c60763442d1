package io.stagedoor.bootstrap.ratelimit;

import java.time.Duration;

/** What a limit says of one request: allowed, refused until {@code retryAfter}, or unknown (Redis did not answer). */
record Decision(Outcome outcome, Duration retryAfter) {

    enum Outcome { ALLOWED, REFUSED, UNKNOWN }

    static final Decision ALLOWED = new Decision(Outcome.ALLOWED, Duration.ZERO);
    static final Decision UNKNOWN = new Decision(Outcome.UNKNOWN, Duration.ZERO);

    static Decision refused(Duration retryAfter) {
        return new Decision(Outcome.REFUSED, retryAfter);
    }

    boolean refused() {
        return outcome == Outcome.REFUSED;
    }

    /** Of two limits on one request, the one that refuses longest wins; an unknown one beats an allowed one. */
    Decision and(Decision other) {
        if (refused() || other.refused()) {
            return refused() && other.refused()
                    ? refused(retryAfter.compareTo(other.retryAfter) >= 0 ? retryAfter : other.retryAfter)
                    : refused() ? this : other;
        }
        return outcome == Outcome.UNKNOWN ? this : other;
    }
}
