package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/**
 * The admission check in front of the booking APIs. Emits the admission of an ACTIVE token; fails with
 * QUEUE_TOKEN_INVALID (unknown, malformed, expired), QUEUE_NOT_ADMITTED (still waiting, with position)
 * or QUEUE_UNAVAILABLE (Redis unreachable: fail closed).
 */
public interface ValidateActiveTokenQuery {

    /** Asks Redis. Use it for anything that changes state (holds, payments). */
    Mono<Admission> validate(String token);

    /**
     * Like {@link #validate}, but may answer from this instance's memory of an ACTIVE answer given at most a
     * configured moment ago (never past the session's end). For reads only, which already tolerate that staleness.
     */
    default Mono<Admission> validateRecent(String token) {
        return validate(token);
    }
}
