package io.stagedoor.account.api;

import io.stagedoor.common.id.UserId;
import reactor.core.publisher.Mono;

/**
 * The user an external issuer's subject is. A subject seen for the first time becomes a new user (zero balance, no
 * password) exactly once, however many of its first requests race on however many instances.
 */
public interface ExternalUserQuery {

    Mono<UserId> userIdOf(ExternalSubject subject);
}
