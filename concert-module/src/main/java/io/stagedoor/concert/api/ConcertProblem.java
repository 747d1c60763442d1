package io.stagedoor.concert.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of every public concert-module exception: an RFC 9457 problem with a stable {@code code} (docs/api.md "Errors").
 * The application's global error handler renders it as application/problem+json.
 */
public abstract class ConcertProblem extends ErrorResponseException {

    private final String code;

    protected ConcertProblem(HttpStatus status, String code, String title, String detail) {
        super(status, problem(status, code, title, detail), null);
        this.code = code;
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }

    /** The stable machine-readable code, e.g. {@code SEAT_UNAVAILABLE}. */
    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
