package io.stagedoor.account.application;

import io.stagedoor.account.api.AccessToken;
import io.stagedoor.account.api.AccessTokenIssuer;
import io.stagedoor.account.api.InvalidCredentialsException;
import io.stagedoor.account.api.SignInCommand;
import io.stagedoor.account.api.SignInUseCase;
import io.stagedoor.account.application.port.out.Credentials;
import io.stagedoor.account.application.port.out.PasswordHasher;
import io.stagedoor.common.id.UserId;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Sign-in: one look-up of the stored hash, one verification, one token. Whatever is wrong (no such user, no password,
 * the wrong password) costs the same look-up and the same verification (against a dummy hash when nothing is stored)
 * and ends in the same {@link InvalidCredentialsException}.
 */
final class SignInService implements SignInUseCase {

    private final Credentials credentials;
    private final PasswordHasher hasher;
    private final AccessTokenIssuer tokens;

    SignInService(Credentials credentials, PasswordHasher hasher, AccessTokenIssuer tokens) {
        this.credentials = credentials;
        this.hasher = hasher;
        this.tokens = tokens;
    }

    @Override
    public Mono<AccessToken> signIn(SignInCommand command) {
        return credentials.passwordHashOf(command.userId())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(stored -> hasher.verify(command.password(), stored))
                .handle((matches, sink) -> {
                    if (matches) {
                        sink.next(tokens.issueFor(UserId.of(command.userId())));
                    } else {
                        sink.error(new InvalidCredentialsException());
                    }
                });
    }
}
