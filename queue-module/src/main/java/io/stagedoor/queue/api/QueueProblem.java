package io.stagedoor.queue.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of every public waiting-room error: an RFC 9457 problem with a stable {@code code} property from docs/api.md.
 * The bootstrap's global error handler renders it as application/problem+json.
 */
public abstract class QueueProblem extends ErrorResponseException {

    private final String code;

    protected QueueProblem(HttpStatus status, String code, String title, String detail) {
        this(status, code, title, detail, null);
    }

    protected QueueProblem(HttpStatus status, String code, String title, String detail, Throwable cause) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), cause);
        this.code = code;
        getBody().setTitle(title);
        getBody().setProperty("code", code);
    }

    /** The machine-readable code, e.g. {@code QUEUE_NOT_ADMITTED}. */
    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
