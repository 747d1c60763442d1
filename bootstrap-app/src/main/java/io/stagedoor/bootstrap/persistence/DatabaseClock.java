package io.stagedoor.bootstrap.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The app's one clock: this instance's clock set to PostgreSQL's. Every "now" the app passes into a statement (hold
 * expiry, the sweep, confirm and cancel, the schedules still bookable) is read from here, so every instance judges a
 * hold against the same clock — the database's — and an instance whose own clock runs ahead cannot free other fans'
 * holds early. The offset is measured with {@code SELECT statement_timestamp()}: of a few round trips, the shortest one
 * (its midpoint is the best estimate of when the database read its clock), so the error is at most half a round trip
 * (well under a millisecond on a LAN). It is measured again every interval, and a failed measurement keeps the last
 * offset (the clocks do not drift apart in seconds).
 *
 * <p>Why not {@code now()} in each statement: a decision and its explanation must see the same instant (a refused
 * confirm is explained by reading the reservation at the same "now"), and views show statuses at that instant too;
 * passing one corrected instant keeps both in agreement without another round trip per use case.
 */
public final class DatabaseClock extends Clock {

    private static final Log log = LogFactory.getLog(DatabaseClock.class);
    private static final String READ_CLOCK = "SELECT statement_timestamp() AS now";
    private static final int SAMPLES = 3;

    private final Clock local;
    private final DatabaseClient db;
    private volatile long offsetNanos;

    public DatabaseClock(Clock local, DatabaseClient db) {
        this.local = Objects.requireNonNull(local);
        this.db = Objects.requireNonNull(db);
    }

    @Override
    public Instant instant() {
        return local.instant().plusNanos(offsetNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the database clock is UTC only");
    }

    /** How far PostgreSQL's clock is ahead of this instance's (negative: behind). */
    public Duration offset() {
        return Duration.ofNanos(offsetNanos);
    }

    /** Measures the offset again; emits the new one. */
    public Mono<Duration> synchronize() {
        return Flux.range(0, SAMPLES)
                .concatMap(i -> sample())
                .reduce((a, b) -> a.roundTripNanos() <= b.roundTripNanos() ? a : b)
                .map(best -> {
                    long previous = offsetNanos;
                    offsetNanos = best.offsetNanos();
                    if (Math.abs(best.offsetNanos() - previous) > Duration.ofSeconds(1).toNanos()) {
                        log.warn("This instance's clock is " + Duration.ofNanos(-best.offsetNanos())
                                + " off PostgreSQL's; the app runs on PostgreSQL's");
                    }
                    return offset();
                });
    }

    private Mono<Sample> sample() {
        return Mono.defer(() -> {
            Instant sent = local.instant();
            long sentNanos = System.nanoTime();
            return db.sql(READ_CLOCK).map((row, meta) -> row.get("now", Instant.class)).one()
                    .map(databaseNow -> {
                        long roundTrip = System.nanoTime() - sentNanos;
                        Instant midpoint = sent.plusNanos(roundTrip / 2);
                        return new Sample(Duration.between(midpoint, databaseNow).toNanos(), roundTrip);
                    });
        });
    }

    private record Sample(long offsetNanos, long roundTripNanos) {
    }
}
