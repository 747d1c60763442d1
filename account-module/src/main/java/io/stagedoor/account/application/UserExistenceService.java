package io.stagedoor.account.application;

import io.stagedoor.account.api.UserExistenceQuery;
import io.stagedoor.account.application.port.out.Users;
import reactor.core.publisher.Mono;

/** Answers other modules' "does this user exist?". */
final class UserExistenceService implements UserExistenceQuery {

    private final Users users;

    UserExistenceService(Users users) {
        this.users = users;
    }

    @Override
    public Mono<Boolean> exists(long userId) {
        return userId <= 0 ? Mono.just(false) : users.exists(userId);
    }
}
