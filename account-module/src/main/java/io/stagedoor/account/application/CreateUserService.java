package io.stagedoor.account.application;

import io.stagedoor.account.api.CreateUserCommand;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.NewUser;
import io.stagedoor.account.application.port.out.PasswordHasher;
import io.stagedoor.account.application.port.out.Users;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Signs a user up: the password is hashed first (off the event loops), then user, balance and hash are written together. */
final class CreateUserService implements CreateUserUseCase {

    private final Users users;
    private final PasswordHasher hasher;
    private final Clock clock;

    CreateUserService(Users users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public Mono<NewUser> create(CreateUserCommand command) {
        return hasher.hash(command.password())
                .flatMap(hash -> users.register(command.name(), hash, clock.instant()))
                .map(userId -> new NewUser(userId, command.name()));
    }
}
