package io.stagedoor.bootstrap.observability;

import io.stagedoor.common.problem.StagedoorProblem;
import java.util.Map;
import org.springframework.web.ErrorResponse;

/** The stable problem {@code code} an error answers with, for meters that count refusals by code. */
final class ProblemCodes {

    private ProblemCodes() {
    }

    /** The problem's {@code code}, or null when the error is no problem answer (an outage, a bug) or carries none. */
    static String of(Throwable error) {
        if (error instanceof StagedoorProblem problem) {
            return problem.code();
        }
        if (error instanceof ErrorResponse problem) {
            Map<String, Object> properties = problem.getBody().getProperties();
            Object code = properties == null ? null : properties.get("code");
            return code == null ? null : code.toString();
        }
        return null;
    }

    /** A 4xx problem answer: the request was refused (as opposed to failed). */
    static boolean isRefusal(Throwable error) {
        return error instanceof StagedoorProblem problem ? problem.kind().isRefusal()
                : error instanceof ErrorResponse response && response.getStatusCode().is4xxClientError();
    }
}
