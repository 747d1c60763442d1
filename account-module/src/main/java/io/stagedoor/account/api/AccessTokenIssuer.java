package io.stagedoor.account.api;

import io.stagedoor.common.id.UserId;

/**
 * Signs access tokens for signed-in users. Token signing is infrastructure (the application's wiring supplies it), so
 * the module only asks for a token for a user id. Synchronous: a signature is a millisecond of CPU, and sign-in
 * calls it on the hashing thread it is already on.
 */
public interface AccessTokenIssuer {

    AccessToken issueFor(UserId userId);
}
