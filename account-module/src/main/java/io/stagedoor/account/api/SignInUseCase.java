package io.stagedoor.account.api;

import reactor.core.publisher.Mono;

/**
 * Checks a user's password and issues an access token. An unknown user, a user without a password and a wrong password
 * all fail with the same {@link InvalidCredentialsException} after the same amount of hashing, so nobody can tell
 * which users exist. Fails with {@link PasswordHashingBusyException} when too many hashes are already waiting.
 */
public interface SignInUseCase {

    Mono<AccessToken> signIn(SignInCommand command);
}
