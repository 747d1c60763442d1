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

    private final Supplier<Boolean> answered;
    private final String server;

    DependencyHealth(Supplier<Boolean> answered, boolean embedded) {
        this.answered = answered;
        this.server = embedded ? "embedded" : "configured";
    }

    @Override
    public Mono<Health> health() {
        Boolean up = answered.get();
        Health.Builder health = up == null ? Health.unknown() : up ? Health.up() : Health.down();
        return Mono.just(health.withDetail("server", server)
                .withDetail("lastCheck", up == null ? "pending" : up ? "answered" : "no answer")
                .build());
    }
}
