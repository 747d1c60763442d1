package io.stagedoor.bootstrap.ratelimit;

import java.time.Duration;
import java.util.Locale;

/**
 * A limit as a setting says it: {@code count} requests per {@code period}, written {@code "10/PT1M"}. Enforced as a
 * token bucket: up to {@code count} at once, then one more every {@code period / count}, so a client that keeps to the
 * rate is never refused and a burst is never larger than the count.
 */
public record Rate(int count, Duration period) {

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("a rate allows at least 1 request, not " + count);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate's period must be positive, not " + period);
        }
        if (period.dividedBy(count).toMillis() < 1) {
            throw new IllegalArgumentException("a rate of " + count + " per " + period + " is finer than 1 per ms");
        }
    }

    /** Spring's binder calls this for a setting written {@code count/ISO-8601 duration}, e.g. {@code 60/PT1M}. */
    public static Rate valueOf(String text) {
        String[] parts = text.trim().split("/", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a rate is written count/period, e.g. 10/PT1M, not '" + text + "'");
        }
        return new Rate(Integer.parseInt(parts[0].trim()), Duration.parse(parts[1].trim().toUpperCase(Locale.ROOT)));
    }

    /** The time one request adds to the bucket. */
    long intervalMillis() {
        return period.dividedBy(count).toMillis();
    }

    @Override
    public String toString() {
        return count + "/" + period;
    }
}
