package io.stagedoor.account.adapter.in.web;

import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.Password;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /users}: sign-up. */
final class UserHandler {

    private final CreateUserUseCase createUser;

    UserHandler(CreateUserUseCase createUser) {
        this.createUser = createUser;
    }

    /** {@code POST /users {"name": "Kim", "password": "..."}} -> 201 {@code {"userId": 42, "name": "Kim"}}. */
    public Mono<ServerResponse> create(ServerRequest request) {
        return JsonBodies.object(request)
                .map(UserHandler::toCommand)
                .flatMap(createUser::create)
                .flatMap(user -> ServerResponse.status(HttpStatus.CREATED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(user));
    }

    /** The name is checked before the password, so a request with both wrong is told about the name first. */
    private static CreateUserCommand toCommand(JsonNode body) {
        try {
            String name = CreateUserCommand.validName(JsonBodies.string(body, "name"));
            return new CreateUserCommand(name, Password.of(JsonBodies.string(body, "password")));
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }
}
