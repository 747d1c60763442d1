package io.stagedoor.bootstrap.web;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The last line against hangs: a request that has not finished within its deadline (a database or Redis that
 * stopped answering without closing the connection) ends as 503 SERVICE_UNAVAILABLE with Retry-After. It sits
 * outside every transaction, so cancelling rolls the work back instead of holding locks. Event streams are exempt.
 */
final class RequestDeadlineFilter implements WebFilter {

    private static final String EVENT_STREAM = MediaType.TEXT_EVENT_STREAM_VALUE;

    private final Duration deadline;
    private final Scheduler timers;

    RequestDeadlineFilter(Duration deadline, Scheduler timers) {
        this.deadline = deadline;
        this.timers = timers;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (acceptsEventStream(exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT))
                || exchange.getRequest().getPath().value().endsWith("/events")) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).timeout(deadline, Mono.defer(() -> Mono.error(deadlineExceeded())), timers);
    }

    /** A plain text search: parsing every request's Accept header into media types cost more than the whole check. */
    static boolean acceptsEventStream(List<String> accept) {
        if (accept == null) {
            return false;
        }
        for (String value : accept) {
            for (int at = 0; at + EVENT_STREAM.length() <= value.length(); at++) {
                if (value.regionMatches(true, at, EVENT_STREAM, 0, EVENT_STREAM.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private ErrorResponseException deadlineExceeded() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The request did not complete within " + deadline.toMillis() + " ms; a backing service is not answering");
        problem.setTitle("Service unavailable");
        problem.setProperty("code", "SERVICE_UNAVAILABLE");
        ErrorResponseException error = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        error.getHeaders().set(HttpHeaders.RETRY_AFTER, ProblemJsonErrorHandler.RETRY_AFTER_SECONDS);
        return error;
    }
}
