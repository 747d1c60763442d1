package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/**
 * The admission check in front of the booking APIs. Emits the admission of an ACTIVE token; fails with
 * QUEUE_TOKEN_INVALID (unknown, malformed, expired), QUEUE_NOT_ADMITTED (still waiting, with position)
 * or QUEUE_UNAVAILABLE (Redis unreachable: fail closed).
 */
public interface ValidateActiveTokenQuery {

    Mono<Admission> validate(String token);
}
