package io.stagedoor.bootstrap.security;

import io.stagedoor.bootstrap.web.IdentityProblems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * How the bearer check says no: as errors, so the application's one error handler renders them as problem+json like
 * every other answer. An unusable token is 401 UNAUTHENTICATED ({@code WWW-Authenticate: Bearer error="invalid_token"});
 * an issuer whose keys cannot be fetched right now (an external provider that is down) is 503 with Retry-After, not a
 * client error.
 */
final class BearerProblems {

    static final String RETRY_AFTER_SECONDS = "2";

    private BearerProblems() {
    }

    static ServerAuthenticationFailureHandler failureHandler() {
        return (exchange, failure) -> Mono.error(problemFor(failure));
    }

    static ErrorResponseException problemFor(AuthenticationException failure) {
        if (failure instanceof AuthenticationServiceException) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The access token cannot be checked right now; retry shortly");
            problem.setTitle("Service unavailable");
            problem.setProperty("code", "SERVICE_UNAVAILABLE");
            ErrorResponseException unavailable = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, failure);
            unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            return unavailable;
        }
        // what the validator found (expired, bad signature, wrong issuer...); its messages never contain the token
        String reason = failure.getMessage() == null ? "" : failure.getMessage();
        return IdentityProblems.invalidToken("The bearer access token is not valid"
                + (reason.isBlank() ? "" : ": " + (reason.length() > 200 ? reason.substring(0, 200) : reason)));
    }
}
