package io.stagedoor.payment.api;

import java.util.Map;
import org.springframework.http.HttpStatusCode;

/**
 * The refusal the first request with this Idempotency-Key got (e.g. 409 INSUFFICIENT_BALANCE), replayed with the same
 * status, code, title, detail and properties; nothing was executed again.
 */
public final class ReplayedRefusalException extends PaymentProblem {

    public ReplayedRefusalException(int status, String code, String title, String detail, Map<String, Object> properties) {
        super(HttpStatusCode.valueOf(status), code, title, detail, properties);
    }
}
