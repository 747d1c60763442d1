package io.stagedoor.account.adapter.in.web;

import io.stagedoor.account.api.InvalidCredentialsException;
import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.SignInCommand;
import io.stagedoor.account.api.SignInUseCase;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /auth/tokens}: sign-in with a user id and a password. */
final class SignInHandler {

    private final SignInUseCase signIn;

    SignInHandler(SignInUseCase signIn) {
        this.signIn = signIn;
    }

    /**
     * {@code {"userId": 42, "password": "..."}} -> 200 {@code {"accessToken", "tokenType": "Bearer", "expiresIn", "userId"}}.
     * A body that is not a sign-in is 400; a password no user can have (too short, too long) is simply wrong: 401
     * INVALID_CREDENTIALS without hashing it.
     */
    public Mono<ServerResponse> signIn(ServerRequest request) {
        return JsonBodies.object(request)
                .flatMap(SignInHandler::toCommand)
                .flatMap(signIn::signIn)
                .flatMap(token -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-store")
                        .bodyValue(token));
    }

    private static Mono<SignInCommand> toCommand(JsonNode body) {
        long userId = JsonBodies.positiveLong(body, "userId");
        String password = JsonBodies.string(body, "password");
        Password typed;
        try {
            typed = Password.of(password);
        } catch (IllegalArgumentException impossible) {
            return Mono.error(new InvalidCredentialsException());
        }
        return Mono.just(new SignInCommand(userId, typed));
    }
}
