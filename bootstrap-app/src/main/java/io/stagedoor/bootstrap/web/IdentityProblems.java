package io.stagedoor.bootstrap.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The identity answers every route shares: 401 UNAUTHENTICATED (with {@code WWW-Authenticate}) and 403 FORBIDDEN. */
public final class IdentityProblems {

    /** RFC 6750: the challenge for a missing token carries no error; an unusable one says {@code invalid_token}. */
    public static final String CHALLENGE = "Bearer";
    public static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

    private IdentityProblems() {
    }

    /** No bearer token where one is needed. */
    public static ErrorResponseException unauthenticated(String detail) {
        return unauthenticated(detail, CHALLENGE);
    }

    /** A bearer token that cannot be used (malformed, expired, badly signed, another issuer...). */
    public static ErrorResponseException invalidToken(String detail) {
        return unauthenticated(detail, INVALID_TOKEN_CHALLENGE);
    }

    public static ErrorResponseException forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, "FORBIDDEN", "Forbidden", detail);
    }

    private static ErrorResponseException unauthenticated(String detail, String challenge) {
        ErrorResponseException problem = problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "Unauthenticated", detail);
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return problem;
    }

    private static ErrorResponseException problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setProperty("code", code);
        return new ErrorResponseException(status, body, null);
    }
}
