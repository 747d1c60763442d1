package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * The user an external issuer's subject is. A subject seen for the first time becomes a new user (zero balance, no
 * password) exactly once, however many of its first requests race on however many instances.
 */
public interface ExternalUserQuery {

    Mono<Long> userIdOf(ExternalSubject subject);
}
