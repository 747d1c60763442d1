package io.stagedoor.account.adapter.in.web;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The signed-in user of a request. The application puts it into this request attribute after validating the bearer
 * token (and, for {@code /users/{userId}/...}, after checking that the path names that user); the name is copied here
 * because modules cannot depend on the application.
 */
final class AuthenticatedUser {

    static final String ATTRIBUTE = "stagedoor.auth.userId";

    private AuthenticatedUser() {
    }

    static long of(ServerRequest request) {
        Object userId = request.attributes().get(ATTRIBUTE);
        if (!(userId instanceof Long id)) {
            throw new IllegalStateException("No signed-in user on " + request.path()
                    + ": is the route registered among the routes that need a bearer token?");
        }
        return id;
    }
}
