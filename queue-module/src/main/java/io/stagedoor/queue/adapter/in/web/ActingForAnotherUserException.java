package io.stagedoor.queue.adapter.in.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 403 FORBIDDEN: the body names a user other than the signed-in one. Nothing was done. */
final class ActingForAnotherUserException extends ErrorResponseException {

    ActingForAnotherUserException(long namedUserId) {
        super(HttpStatus.FORBIDDEN, problem(namedUserId), null);
    }

    private static ProblemDetail problem(long namedUserId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "The request names user " + namedUserId + ", who is not the signed-in user");
        problem.setTitle("Forbidden");
        problem.setProperty("code", "FORBIDDEN");
        return problem;
    }
}
