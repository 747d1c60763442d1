package io.stagedoor.bootstrap.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import io.stagedoor.bootstrap.scheduling.PeriodicTask;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The operators' meters (exported on the management port's {@code /actuator/prometheus}), the operator audit, the
 * dependency checks, and the switch that gives transactions spans while tracing is on. The modules know none of it:
 * they report through their own outbound ports ({@code AdmissionReports}, {@code PaymentReports}), or their api
 * ports are wrapped here (holds, payments, event streams, operator changes). docs/operations.md lists every meter.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    QueueMeters queueMeters(MeterRegistry registry) {
        return new QueueMeters(registry);
    }

    @Bean
    HoldMeters holdMeters(MeterRegistry registry) {
        return new HoldMeters(registry);
    }

    @Bean
    PaymentMeters paymentMeters(MeterRegistry registry) {
        return new PaymentMeters(registry);
    }

    /** The cap is the queue's {@code stagedoor.queue.event-streams-max} (QueueWiring enforces it). */
    @Bean
    EventStreamMeters eventStreamMeters(MeterRegistry registry,
            @org.springframework.beans.factory.annotation.Value("${stagedoor.queue.event-streams-max:10000}") int cap) {
        return new EventStreamMeters(registry, OptionalInt.of(cap));
    }

    @Bean
    OperatorAudit operatorAudit(MeterRegistry registry) {
        return new OperatorAudit(registry);
    }

    /**
     * The breaker meters under resilience4j's names ({@code resilience4j_circuitbreaker_state{name,state}}, failure
     * rate, buffered and refused calls) for every breaker the modules export (the queue's in front of Redis), all read
     * at scrape time: see {@link BreakerMeters} for why not resilience4j's own binder.
     */
    @Bean
    MeterBinder circuitBreakerMeters(List<CircuitBreaker> moduleBreakers) {
        return new BreakerMeters(moduleBreakers);
    }

    /** The cheap HTTP server meter, whenever Spring's own per-request observation is off (the default without tracing). */
    @Bean
    @ConditionalOnProperty(name = ObservabilitySwitches.HTTP_OBSERVATIONS, havingValue = "false")
    HttpServerMeter httpServerMeter(MeterRegistry registry) {
        return new HttpServerMeter(registry);
    }

    /**
     * Without the HTTP observation, Spring's HTTP handler still builds one per request and asks the observation
     * predicates (a property lookup by name) whether it is on; with a no-op registry it stops at the first check.
     * Only the HTTP handler's registry: transactions and everything else keep the application's.
     */
    @Bean
    @ConditionalOnProperty(name = ObservabilitySwitches.HTTP_OBSERVATIONS, havingValue = "false")
    WebHttpHandlerBuilderCustomizer httpHandlerWithoutObservation() {
        return builder -> builder.observationRegistry(ObservationRegistry.NOOP);
    }

    /** The current observation crosses threads only with tracing; see {@link ObservationPropagation}. */
    @Bean
    ObservationPropagation observationPropagation(Environment environment) {
        return ObservationPropagation.acrossThreads(ObservabilitySwitches.tracingOn(environment));
    }

    @Bean
    TransactionSpans transactionSpans(ObservationRegistry registry, Environment environment) {
        return new TransactionSpans(registry, ObservabilitySwitches.tracingOn(environment));
    }

    /**
     * {@code stagedoor_dependency_up}: PostgreSQL and Redis pinged every {@code stagedoor.metrics.dependency-check}
     * (env STAGEDOOR_METRICS_DEPENDENCY_CHECK, default PT5S); one that does not answer within half of it counts as down.
     */
    @Bean
    DependencyProbe dependencyProbe(MeterRegistry registry, DatabaseClient database, ReactiveStringRedisTemplate redis,
                                    @Value("${stagedoor.metrics.dependency-check:PT5S}") Duration interval) {
        return new DependencyProbe(registry,
                () -> database.sql("SELECT 1").map(row -> 1).first(),
                () -> redis.execute(connection -> connection.ping()).next(),
                interval.dividedBy(2));
    }

    /** Replaces Spring Boot's {@code r2dbc} health component, which would wait on a silent database (DependencyHealth). */
    @Bean
    ReactiveHealthIndicator r2dbcHealthContributor(DependencyProbe dependencyProbe,
                                                  @Value("${stagedoor.embedded.started-postgres:false}") boolean embedded) {
        return new DependencyHealth(dependencyProbe, dependencyProbe::postgresAnswered, embedded);
    }

    /** Replaces Spring Boot's {@code redis} health component (DependencyHealth). */
    @Bean
    ReactiveHealthIndicator redisHealthContributor(DependencyProbe dependencyProbe,
                                                  @Value("${stagedoor.embedded.started-redis:false}") boolean embedded) {
        return new DependencyHealth(dependencyProbe, dependencyProbe::redisAnswered, embedded);
    }

    @Bean
    PeriodicTask dependencyChecks(DependencyProbe dependencyProbe,
                                  @Value("${stagedoor.metrics.dependency-check:PT5S}") Duration interval) {
        return new PeriodicTask("dependency check", interval, dependencyProbe::check);
    }
}
