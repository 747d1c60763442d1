package io.stagedoor.bootstrap.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the two operations settings into Spring Boot's own properties, before logging and auto-configuration start:
 * <ul>
 *   <li>{@code stagedoor.log-format} ({@code STAGEDOOR_LOG_FORMAT}): {@code plain} (default) or {@code json}, which is
 *       Spring Boot's structured logging in the Elastic Common Schema on the console;</li>
 *   <li>{@code stagedoor.tracing.endpoint} ({@code STAGEDOOR_TRACING_ENDPOINT}): the OTLP/HTTP traces endpoint
 *       (e.g. {@code http://collector:4318/v1/traces}). Unset, tracing is not merely unexported but absent: its
 *       auto-configurations are excluded, so no span, no tracing observation handler and no R2DBC proxy sits on any
 *       path. Set, spans of HTTP requests, Redis commands and SQL statements are exported there.</li>
 * </ul>
 * Per-request observations ({@code management.observations.enable.http.server.requests} and {@code ...lettuce}) and
 * Reactor's automatic context propagation ({@code spring.reactor.context-propagation=auto}) default to on with tracing
 * (spans need them) and off without it (HTTP metrics then come from {@link HttpServerMeter}); a value set explicitly
 * wins either way.
 */
public final class ObservabilitySwitches implements EnvironmentPostProcessor, Ordered {

    static final String LOG_FORMAT = "stagedoor.log-format";
    static final String TRACING_ENDPOINT = "stagedoor.tracing.endpoint";
    static final String HTTP_OBSERVATIONS = "management.observations.enable.http.server.requests";
    static final String LETTUCE_OBSERVATIONS = "management.observations.enable.lettuce";
    static final String CONTEXT_PROPAGATION = "spring.reactor.context-propagation";
    private static final String DEFAULTS = "stagedoorObservabilityDefaults";
    private static final String OVERRIDES = "stagedoorObservability";
    private static final String EXCLUDE = "spring.autoconfigure.exclude";

    /** Everything tracing adds to a request's path: spans, tracing handlers, exemplars, the R2DBC statement proxy. */
    static final List<String> TRACING_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.otlp.OtlpExemplarsAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.observation.R2dbcObservationAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(OVERRIDES)) {
            return;
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        String format = environment.getProperty(LOG_FORMAT, "plain").trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "plain" -> {
            }
            case "json" -> overrides.put("logging.structured.format.console", "ecs");
            default -> throw new IllegalStateException(LOG_FORMAT + " (STAGEDOOR_LOG_FORMAT) must be plain or json, was '"
                    + format + "'");
        }
        String endpoint = environment.getProperty(TRACING_ENDPOINT, "").trim();
        boolean tracing = !endpoint.isEmpty();
        if (tracing) {
            overrides.put("management.opentelemetry.tracing.export.otlp.endpoint", endpoint);
        } else {
            overrides.put("management.tracing.export.enabled", false);
            List<String> excluded = new ArrayList<>(Binder.get(environment)
                    .bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
            excluded.addAll(TRACING_AUTO_CONFIGURATIONS);
            overrides.put(EXCLUDE, String.join(",", excluded));
        }
        defaults.put(HTTP_OBSERVATIONS, tracing);
        defaults.put(LETTUCE_OBSERVATIONS, tracing);
        // automatic propagation restores thread-locals at every thread hop of every request: a quarter of a status
        // poll's CPU (docs/performance.md). Spans need it (a statement finds its transaction's span that way); the
        // request id does not: the app's own request-time log lines restore it where they log (Reactor's handle)
        defaults.put(CONTEXT_PROPAGATION, tracing ? "auto" : "limited");
        environment.getPropertySources().addFirst(new MapPropertySource(OVERRIDES, overrides));
        environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS, defaults));
    }

    /** Whether spans are exported (and so observed) in this environment. */
    static boolean tracingOn(org.springframework.core.env.Environment environment) {
        return !environment.getProperty(TRACING_ENDPOINT, "").isBlank();
    }

    @Override
    public int getOrder() {
        // after the config files are read (so application.yaml and the environment count), before logging starts
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
