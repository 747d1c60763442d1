package io.stagedoor.bootstrap.web;

import io.stagedoor.common.problem.StagedoorProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place errors cross the HTTP boundary. Everything leaves as RFC 9457 {@code application/problem+json}
 * with a stable {@code code}; bad input is 400 INVALID_REQUEST naming the field; an unreachable dependency is
 * 503 with Retry-After; anything unexpected is a 500 without internals.
 */
@Component
@Order(-2)
class ProblemJsonErrorHandler implements WebExceptionHandler {

    private static final Log log = LogFactory.getLog(ProblemJsonErrorHandler.class);
    private static final String TYPE_BASE = "https://stagedoor.dev/problems/";
    static final String RETRY_AFTER_SECONDS = "2";

    private final JsonMapper json;

    ProblemJsonErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        String requestId = exchange.getAttribute(RequestIds.ATTRIBUTE);
        Problem problem;
        // errors reach this handler outside the request's Reactor context: its log lines get the request id here
        try (MDC.MDCCloseable logged = requestId == null ? null : MDC.putCloseable(RequestIds.LOG_KEY, requestId)) {
            problem = toProblem(error);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.detail().getType() != null && !"about:blank".equals(problem.detail().getType().toString())
                ? problem.detail().getType().toString() : TYPE_BASE + problem.code().toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("title", problem.detail().getTitle() != null ? problem.detail().getTitle() : reason(problem.status()));
        body.put("status", problem.status().value());
        if (problem.detail().getDetail() != null) {
            body.put("detail", problem.detail().getDetail());
        }
        body.put("code", problem.code());
        body.put("instance", exchange.getRequest().getPath().value());
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        if (problem.detail().getProperties() != null) {
            problem.detail().getProperties().forEach(body::putIfAbsent);
        }
        response.setStatusCode(problem.status());
        response.getHeaders().putAll(problem.headers());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private Problem toProblem(Throwable error) {
        if (error instanceof StagedoorProblem problem) {
            return fromStagedoorProblem(problem);
        }
        if (error instanceof ErrorResponse errorResponse) {
            return fromErrorResponse(error, errorResponse);
        }
        if (error instanceof AuthenticationException || error instanceof AccessDeniedException) {
            // the bearer check answers with problems of its own; a Spring Security refusal from anywhere else still
            // leaves as the contract's 401 UNAUTHENTICATED / 403 FORBIDDEN, never as a 500
            return fromErrorResponse(error, error instanceof AccessDeniedException
                    ? IdentityProblems.forbidden("Access denied")
                    : IdentityProblems.unauthenticated("This route needs a valid bearer access token"));
        }
        if (isBodyTooLarge(error)) {
            // a client's doing, not ours: no stack trace in the log
            ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    "The request body is larger than this server accepts");
            detail.setTitle("Payload too large");
            return new Problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", detail, new HttpHeaders());
        }
        if (DependencyOutages.isOutage(error)) {
            log.warn("Dependency unavailable: " + error);
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "A backing service is unreachable; retry shortly");
            detail.setTitle("Service unavailable");
            return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", detail, headers);
        }
        log.error("Unexpected error", error);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");
        detail.setTitle("Internal error");
        return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", detail, new HttpHeaders());
    }

    /** The modules' problems: each {@link io.stagedoor.common.problem.ProblemKind} answers with its one status. */
    private static Problem fromStagedoorProblem(StagedoorProblem problem) {
        HttpStatus status = HttpStatus.valueOf(problem.kind().status());
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, problem.detail());
        detail.setTitle(problem.title());
        problem.properties().forEach(detail::setProperty);
        HttpHeaders headers = new HttpHeaders();
        problem.retryAfter().ifPresent(wait -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(wholeSeconds(wait))));
        if (status.is5xxServerError() && problem.retryAfter().isEmpty()) {
            log.error("Server error", problem);
        }
        return new Problem(status, problem.code(), detail, headers);
    }

    /** Retry-After in whole seconds, rounded up, at least 1. */
    private static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private Problem fromErrorResponse(Throwable error, ErrorResponse errorResponse) {
        HttpStatusCode status = errorResponse.getStatusCode();
        ProblemDetail detail = errorResponse.getBody();
        Object code = detail.getProperties() == null ? null : detail.getProperties().get("code");
        if (code == null && status.value() == 400) {
            detail = ProblemDetail.forStatusAndDetail(status, invalidRequestDetail(error, detail));
            detail.setTitle("Invalid request");
        }
        if (status.is5xxServerError() && !errorResponse.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)) {
            log.error("Server error", error);
        }
        return new Problem(status, code != null ? code.toString() : codeFor(status), detail, errorResponse.getHeaders());
    }

    /**
     * Names the offending field when the JSON decoder says which one it was, in the client's terms: the decoder's own
     * words name Java types (a record, {@code java.lang.Long}), which are none of the client's business.
     */
    private static String invalidRequestDetail(Throwable error, ProblemDetail original) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                String field = fieldPath(jackson);
                String message = jackson.getOriginalMessage();
                String firstLine = message == null ? "" : message.lines().findFirst().orElse("");
                if (firstLine.startsWith("Duplicate Object property")) {
                    return "Duplicate JSON key: " + ClientTerms.scrub(firstLine.substring(firstLine.indexOf('"')));
                }
                if (field.isEmpty()) {
                    return cause instanceof tools.jackson.core.exc.StreamReadException
                            ? "Malformed JSON body: " + ClientTerms.scrub(firstLine)
                            : "The request body must be a JSON object with the documented fields";
                }
                return "Invalid value for field '" + field + "': " + ClientTerms.expected(firstLine);
            }
        }
        String detail = original.getDetail();
        return detail == null || detail.isBlank() ? "The request is malformed" : ClientTerms.scrub(detail);
    }

    /** A body past the codecs' limit, recognised by type name (no compile-time dependency on the codec's package). */
    private static boolean isBodyTooLarge(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().endsWith("DataBufferLimitException")) {
                return true;
            }
        }
        return false;
    }

    private static String fieldPath(JacksonException jackson) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "REQUEST_FAILED";
        };
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private record Problem(HttpStatusCode status, String code, ProblemDetail detail, HttpHeaders headers) {
    }
}
