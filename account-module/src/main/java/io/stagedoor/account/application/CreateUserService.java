package io.stagedoor.account.application;

import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.NewUser;
import io.stagedoor.account.application.port.out.Users;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Registers a user; the user and the zero balance are written together. */
public final class CreateUserService implements CreateUserUseCase {

    private final Users users;
    private final Clock clock;

    public CreateUserService(Users users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Mono<NewUser> create(CreateUserCommand command) {
        return Mono.defer(() -> users.register(command.name(), clock.instant()))
                .map(userId -> new NewUser(userId, command.name()));
    }
}
