package io.stagedoor.load.api;

/** A set-up call answered with something other than what the harness needs to go on. */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(String what, int status, String body) {
        super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
