package io.stagedoor.load.scenario;

/**
 * How soon a sale can sell out under the room's rules. The room lets in at most {@code ratePerMinute} fans in any 60 s
 * (a sliding window, docs/queue.md) and at most {@code capacity} at a time. If every admitted fan bought at once,
 * the n-th admission could come no sooner than {@code floor((n - 1) / rate)} minutes after the opening: the first
 * {@code rate} at once, the next {@code rate} a minute later, and so on. The last seat is then sold one session
 * (a fan's own time from admission to payment) after the admission of its buyer.
 */
public record SaleBound(int seats, int ratePerMinute, int capacity) {

    public SaleBound {
        if (seats < 1 || ratePerMinute < 1 || capacity < 1) {
            throw new IllegalArgumentException("seats, rate and capacity must be positive");
        }
    }

    /** The earliest instant, in seconds after the opening, of the n-th admission (1-based). */
    public double admissionSeconds(long n) {
        return Math.floorDiv(n - 1, ratePerMinute) * 60.0;
    }

    /** The earliest instant the fan who buys the last seat can be admitted (every admitted fan buying one seat). */
    public double rateBoundSeconds() {
        return admissionSeconds(seats);
    }

    /** The same rate spread evenly ({@code seats / rate} minutes): what a smoothed admitter would take. */
    public double evenRateSeconds() {
        return seats * 60.0 / ratePerMinute;
    }

    /** The bound the sale is judged against: the rate bound plus one session. */
    public double boundSeconds(double sessionSeconds) {
        return rateBoundSeconds() + sessionSeconds;
    }

    /** Sold out within {@code tolerance} (0.1 = 10 %) of the bound. */
    public boolean within(double soldOutSeconds, double sessionSeconds, double tolerance) {
        return soldOutSeconds <= boundSeconds(sessionSeconds) * (1 + tolerance);
    }
}
