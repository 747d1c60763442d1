package io.stagedoor.common.problem;

/**
 * What sort of refusal or failure a {@link StagedoorProblem} is. The web edge renders each kind with one HTTP status;
 * the number is kept here because a refusal stored for replay (an Idempotency-Key's answer) is stored with it, and
 * a replay must answer with the same status the first answer had.
 */
public enum ProblemKind {

    /** The request itself is malformed or out of range. */
    BAD_REQUEST(400),
    /** The caller is not who the request needs (no or a bad credential, token or password). */
    UNAUTHORIZED(401),
    /** The caller is known but may not do this. */
    FORBIDDEN(403),
    /** What the request names does not exist. */
    NOT_FOUND(404),
    /** The request is valid but the current state refuses it. */
    CONFLICT(409),
    /** The request is well-formed but cannot be processed as asked (a reused idempotency key). */
    UNPROCESSABLE(422),
    /** The caller asks too often. */
    TOO_MANY_REQUESTS(429),
    /** Something this service needs is busy or unreachable; retrying later may work. */
    UNAVAILABLE(503);

    private final int status;

    ProblemKind(int status) {
        this.status = status;
    }

    /** The HTTP status this kind is answered with. */
    public int status() {
        return status;
    }

    /** The caller's doing (as opposed to this service's trouble). */
    public boolean isRefusal() {
        return status < 500;
    }

    /** The kind answered with {@code status}: how a stored refusal comes back. */
    public static ProblemKind ofStatus(int status) {
        for (ProblemKind kind : values()) {
            if (kind.status == status) {
                return kind;
            }
        }
        throw new IllegalArgumentException("No problem kind answers with status " + status);
    }
}
