package io.stagedoor.bootstrap.web;

import io.stagedoor.common.request.AdmissionAttributes;
import java.util.Objects;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Behind the admission gate of every gated route: the Queue-Token the gate admitted must belong to the signed-in user
 * (another user's token is 403 FORBIDDEN), so a leaked or guessed token is useless without its owner's bearer.
 */
final class SameUserAsQueueTokenFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        Object signedIn = request.attributes().get(AuthenticationAttributes.USER_ID);
        Object admitted = request.attributes().get(AdmissionAttributes.USER_ID);
        if (signedIn == null || !Objects.equals(signedIn, admitted)) {
            return Mono.error(IdentityProblems.forbidden("The Queue-Token belongs to another user"));
        }
        return next.handle(request);
    }
}
