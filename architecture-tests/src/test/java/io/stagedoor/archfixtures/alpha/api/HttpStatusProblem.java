package io.stagedoor.archfixtures.alpha.api;

import org.springframework.http.HttpStatus;

/** Bad: a published exception that decides its own HTTP status instead of naming a kind the web edge maps. */
public class HttpStatusProblem extends RuntimeException {

    private final HttpStatus status = HttpStatus.CONFLICT;

    public int status() {
        return status.value();
    }
}
