package io.stagedoor.bootstrap.observability;

import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The {@code r2dbc} and {@code redis} health components, read from {@link DependencyProbe}'s last check instead of a
 * round trip per call: a health or readiness probe then answers at once even while a database hangs silently (Spring
 * Boot's own indicators would wait on the dead connection), and costs the dependencies nothing. Both are part of the
 * readiness group (application.yaml), so a load balancer stops sending traffic while PostgreSQL or Redis is
 * unreachable and resumes when the next check succeeds. {@code server} says whether it is an embedded server started
 * by the app or a configured one.
 */
final class DependencyHealth implements ReactiveHealthIndicator {

    private final DependencyProbe probe;
    private final Supplier<Boolean> answered;
    private final String server;

    DependencyHealth(DependencyProbe probe, Supplier<Boolean> answered, boolean embedded) {
        this.probe = probe;
        this.answered = answered;
        this.server = embedded ? "embedded" : "configured";
    }

    @Override
    public Mono<Health> health() {
        // before the first periodic check has ended, check now (bounded by the probe's timeout, never failing)
        return answered.get() != null ? Mono.fromSupplier(this::fromLastCheck)
                : probe.check().then(Mono.fromSupplier(this::fromLastCheck));
    }

    private Health fromLastCheck() {
        Boolean up = answered.get();
        Health.Builder health = up == null ? Health.unknown() : up ? Health.up() : Health.down();
        return health.withDetail("server", server)
                .withDetail("lastCheck", up == null ? "pending" : up ? "answered" : "no answer")
                .build();
    }
}
