package io.stagedoor.bootstrap.ratelimit;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The answers of the rate limits: 429 RATE_LIMITED, and 503 for a sign-in whose limit cannot be checked. */
final class RateLimitProblems {

    static final String POLL_AFTER_MILLIS = "pollAfterMillis";

    private RateLimitProblems() {
    }

    static ErrorResponseException rateLimited(Duration retryAfter, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        body.setTitle("Too many requests");
        body.setProperty("code", "RATE_LIMITED");
        ErrorResponseException problem = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, body, null);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wholeSeconds(retryAfter)));
        return problem;
    }

    /** A too-early status poll: also says, as the status itself does, when to poll again. */
    static ErrorResponseException pollTooSoon(Duration retryAfter) {
        ErrorResponseException problem = rateLimited(retryAfter, "This Queue-Token polls faster than pollAfterMillis allows");
        problem.getBody().setProperty(POLL_AFTER_MILLIS, Math.max(1, (retryAfter.toNanos() + 999_999) / 1_000_000));
        return problem;
    }

    /** Sign-in fails closed: with the limit unknown it is refused, retry once Redis is expected back. */
    static ErrorResponseException signInUnavailable(Duration retryAfter) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Sign-in is unavailable for a moment; retry shortly");
        body.setTitle("Service unavailable");
        body.setProperty("code", "SERVICE_UNAVAILABLE");
        ErrorResponseException problem = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, body, null);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wholeSeconds(retryAfter)));
        return problem;
    }

    /** Retry-After is whole seconds: rounded up, at least 1, so a client that obeys it is allowed. */
    static long wholeSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
