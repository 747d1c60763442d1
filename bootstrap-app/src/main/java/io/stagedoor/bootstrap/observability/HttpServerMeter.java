package io.stagedoor.bootstrap.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * {@code http_server_requests_seconds{method,uri,status,outcome,exception}}, the metric Spring's own HTTP server
 * observation records, with the same tags, at a fraction of its cost (see docs/performance.md): no observation
 * context, no per-request key-value sets and meter-id lookups, no active-request timer; the time is taken when the
 * request's work ends with its response written (an error answer: when the problem handler writes it, so its status
 * is final), and the timer comes from a map keyed by the five tags. A request whose client went away first is not
 * recorded. {@code uri} is the route's path pattern
 * ({@code /api/v1/reservations/{reservationId}}), never the raw path; a request no route matched is {@code NOT_FOUND}
 * or {@code UNKNOWN}. Used when per-request observations are off (the default without tracing).
 */
public final class HttpServerMeter implements WebFilter, Ordered {

    static final String NAME = "http.server.requests";

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    public HttpServerMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange).doOnTerminate(() -> {
            ServerHttpResponse response = exchange.getResponse();
            if (response.isCommitted()) {
                record(exchange, System.nanoTime() - start); // answered: the status is final
            } else {
                // an error on its way to the problem handler, which sets the status: record when it answers
                response.beforeCommit(() -> {
                    record(exchange, System.nanoTime() - start);
                    return Mono.empty();
                });
            }
        });
    }

    private void record(ServerWebExchange exchange, long nanos) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        int code = status == null ? 200 : status.value();
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String uri = pattern instanceof PathPattern path ? path.getPatternString() : unmatched(code);
        Throwable error = code < 400 ? null : exchange.getAttribute(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION);
        String exception = error == null ? "none" : error.getClass().getSimpleName();
        Key key = new Key(exchange.getRequest().getMethod().name(), uri, code, exception);
        timers.computeIfAbsent(key, this::register).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String unmatched(int status) {
        if (status == HttpStatus.NOT_FOUND.value()) {
            return "NOT_FOUND";
        }
        return status >= 300 && status < 400 ? "REDIRECTION" : "UNKNOWN";
    }

    private Timer register(Key key) {
        return Timer.builder(NAME)
                .description("HTTP server requests, by route pattern")
                .tag("method", key.method())
                .tag("uri", key.uri())
                .tag("status", Integer.toString(key.status()))
                .tag("outcome", outcome(key.status()))
                .tag("exception", key.exception())
                .register(registry);
    }

    private static String outcome(int status) {
        HttpStatus.Series series = HttpStatus.Series.resolve(status);
        if (series == null) {
            return "UNKNOWN";
        }
        return series == HttpStatus.Series.SUCCESSFUL ? "SUCCESS" : series.name();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // right after the request id, before security and everything else
    }

    private record Key(String method, String uri, int status, String exception) {
    }
}
