package io.stagedoor.bootstrap.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The breakers' meters under resilience4j's own names ({@code resilience4j_circuitbreaker_state{name,state}},
 * {@code ..._failure_rate}, {@code ..._slow_call_rate}, {@code ..._buffered_calls{kind}},
 * {@code ..._not_permitted_calls_total}), every one read from the breaker when scraped. resilience4j's binder also
 * times every call through an event consumer; a breaker with a consumer builds an event (a {@code ZonedDateTime.now()}
 * among it) for every Redis command, on the request's thread. None of the operators' questions needs per-call timing
 * of Redis from the breaker, so it is left out: with no consumer the breaker publishes nothing (docs/performance.md).
 */
final class BreakerMeters implements MeterBinder {

    static final String PREFIX = "resilience4j.circuitbreaker.";

    private final List<CircuitBreaker> breakers;

    BreakerMeters(List<CircuitBreaker> breakers) {
        this.breakers = List.copyOf(breakers);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        breakers.forEach(breaker -> bind(breaker, registry));
    }

    private static void bind(CircuitBreaker breaker, MeterRegistry registry) {
        String name = breaker.getName();
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            String label = state.name().toLowerCase(Locale.ROOT);
            Gauge.builder(PREFIX + "state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("The states of the circuit breaker").tag("name", name).tag("state", label)
                    .register(registry);
        }
        gauge(registry, "failure.rate", "The failure rate of the circuit breaker", breaker,
                b -> b.getMetrics().getFailureRate());
        gauge(registry, "slow.call.rate", "The slow call rate of the circuit breaker", breaker,
                b -> b.getMetrics().getSlowCallRate());
        Gauge.builder(PREFIX + "buffered.calls", breaker, b -> b.getMetrics().getNumberOfSuccessfulCalls())
                .description("The number of buffered successful calls stored in the ring buffer")
                .tag("name", name).tag("kind", "successful").register(registry);
        Gauge.builder(PREFIX + "buffered.calls", breaker, b -> b.getMetrics().getNumberOfFailedCalls())
                .description("The number of buffered failed calls stored in the ring buffer")
                .tag("name", name).tag("kind", "failed").register(registry);
        FunctionCounter.builder(PREFIX + "not.permitted.calls", breaker,
                        b -> b.getMetrics().getNumberOfNotPermittedCalls())
                .description("Total number of not permitted calls").tag("name", name).tag("kind", "not_permitted")
                .register(registry);
    }

    private static void gauge(MeterRegistry registry, String suffix, String description, CircuitBreaker breaker,
                              ToDoubleFunction<CircuitBreaker> value) {
        Gauge.builder(PREFIX + suffix, breaker, value).description(description).tag("name", breaker.getName())
                .register(registry);
    }
}
