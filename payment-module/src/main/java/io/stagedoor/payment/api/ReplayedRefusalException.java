package io.stagedoor.payment.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;
import java.util.Map;

/**
 * The refusal the first request with this Idempotency-Key got (e.g. 409 INSUFFICIENT_BALANCE), replayed with the same
 * status, code, title, detail and properties; nothing was executed again.
 */
public final class ReplayedRefusalException extends StagedoorProblem {

    public ReplayedRefusalException(int status, String code, String title, String detail, Map<String, Object> properties) {
        super(ProblemKind.ofStatus(status), code, title, detail);
        properties.forEach(this::addProperty);
    }
}
