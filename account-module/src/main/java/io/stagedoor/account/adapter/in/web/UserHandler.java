package io.stagedoor.account.adapter.in.web;

import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.CreateUserUseCase;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /users}: registration. */
public final class UserHandler {

    private final CreateUserUseCase createUser;

    public UserHandler(CreateUserUseCase createUser) {
        this.createUser = createUser;
    }

    /** {@code POST /users {"name": "Kim"}} -> 201 {@code {"userId": 42, "name": "Kim"}}. */
    public Mono<ServerResponse> create(ServerRequest request) {
        return JsonBodies.object(request)
                .map(UserHandler::toCommand)
                .flatMap(createUser::create)
                .flatMap(user -> ServerResponse.status(HttpStatus.CREATED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(user));
    }

    private static CreateUserCommand toCommand(JsonNode body) {
        JsonNode name = JsonBodies.required(body, "name");
        if (!name.isString()) {
            throw new ServerWebInputException("name must be a JSON string");
        }
        try {
            return new CreateUserCommand(name.stringValue());
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }
}
