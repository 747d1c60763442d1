package io.stagedoor.payment.api;

import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of the payment module's public exceptions: an RFC 9457 problem with a stable {@code code} (docs/api.md "Errors").
 * The application's global error handler renders it as application/problem+json.
 */
public abstract class PaymentProblem extends ErrorResponseException {

    private final String code;

    protected PaymentProblem(HttpStatusCode status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    protected PaymentProblem(HttpStatusCode status, String code, String title, String detail, Map<String, Object> properties) {
        super(status, problem(status, code, title, detail, properties), null);
        this.code = code;
    }

    private static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail,
                                         Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(title);
        problem.setDetail(detail);
        problem.setProperty("code", code);
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** The stable machine-readable code, e.g. {@code IDEMPOTENCY_KEY_REUSED}. */
    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + getBody().getDetail();
    }
}
