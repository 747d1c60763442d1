package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code stagedoor_dependency_up{dependency="postgres|redis"}}: 1 when the dependency answered this instance's last
 * check within the timeout, 0 when it did not, NaN before the first check. A periodic task runs {@link #check()}, so a
 * scrape costs the dependencies nothing and a slow dependency never slows a scrape.
 */
public final class DependencyProbe {

    static final String UP = "stagedoor.dependency.up";

    private final Supplier<Mono<?>> postgresPing;
    private final Supplier<Mono<?>> redisPing;
    private final Duration timeout;
    private volatile double postgresUp = Double.NaN;
    private volatile double redisUp = Double.NaN;

    public DependencyProbe(MeterRegistry registry, Supplier<Mono<?>> postgresPing, Supplier<Mono<?>> redisPing,
                           Duration timeout) {
        this.postgresPing = postgresPing;
        this.redisPing = redisPing;
        this.timeout = timeout;
        Gauge.builder(UP, this, probe -> probe.postgresUp).tag("dependency", "postgres")
                .description("1 when the dependency answered the last check, 0 when it did not")
                .register(registry);
        Gauge.builder(UP, this, probe -> probe.redisUp).tag("dependency", "redis")
                .description("1 when the dependency answered the last check, 0 when it did not")
                .register(registry);
    }

    /** Whether PostgreSQL answered the last check: true, false, or null before the first check ended. */
    public Boolean postgresAnswered() {
        return answered(postgresUp);
    }

    /** Whether Redis answered the last check: true, false, or null before the first check ended. */
    public Boolean redisAnswered() {
        return answered(redisUp);
    }

    private static Boolean answered(double up) {
        return Double.isNaN(up) ? null : up > 0;
    }

    /** Pings both dependencies at once; emits how many answered. Never fails. */
    public Mono<Integer> check() {
        return Mono.zip(answers(postgresPing).doOnNext(up -> postgresUp = up),
                        answers(redisPing).doOnNext(up -> redisUp = up))
                .map(both -> both.getT1() + both.getT2());
    }

    private Mono<Integer> answers(Supplier<Mono<?>> ping) {
        // bounded-elastic: Spring Data Redis opens its shared connection synchronously on its first command
        return Mono.defer(ping)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .thenReturn(1)
                .onErrorReturn(0);
    }
}
