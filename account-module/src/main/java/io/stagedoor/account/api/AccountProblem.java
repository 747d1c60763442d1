package io.stagedoor.account.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of the account module's public exceptions. Each carries an RFC 9457 body with a title, a detail and the
 * stable {@code code} from the API contract; the application's error handler renders it as problem+json.
 */
public abstract class AccountProblem extends ErrorResponseException {

    private final String code;

    protected AccountProblem(HttpStatus status, String code, String title, String detail) {
        super(status, problem(status, code, title, detail), null);
        this.code = code;
    }

    /** The machine-readable code from docs/api.md, e.g. {@code USER_NOT_FOUND}. */
    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
