package io.stagedoor.bootstrap.web;

import io.stagedoor.common.request.PathIds;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * In front of every route that acts for a user: there must be a signed-in user (else 401 UNAUTHENTICATED with
 * {@code WWW-Authenticate: Bearer}), and a route whose path names a user ({@code {userId}}) may only be called for that
 * user (another id is 403 FORBIDDEN, a malformed one 400). The check reads only the request attribute the bearer check
 * filled, so it holds whatever filters ran before it.
 */
final class SignedInUserFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    static final String USER_ID_VARIABLE = "userId";

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        Object signedIn = request.attributes().get(AuthenticationAttributes.USER_ID);
        if (!(signedIn instanceof Long userId)) {
            return Mono.error(IdentityProblems.unauthenticated("This route needs a bearer access token"));
        }
        String named = request.pathVariables().get(USER_ID_VARIABLE);
        if (named != null && PathIds.positiveId(USER_ID_VARIABLE, named) != userId) {
            return Mono.error(IdentityProblems.forbidden("The path names user " + named + ", who is not the signed-in user"));
        }
        return next.handle(request);
    }

}
