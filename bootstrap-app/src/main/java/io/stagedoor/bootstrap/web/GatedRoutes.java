package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes that only a signed-in user with an ACTIVE queue token of their own may call. The api router puts the
 * signed-in-user check, the queue's admission gate and the same-user check in front of every bean of this type; the
 * gate leaves the admitted user and concert in the request attributes named in {@link AdmissionAttributes} (the user
 * is then the bearer's, {@link AuthenticationAttributes#USER_ID}). {@code beforeTheGate} runs after the signed-in-user
 * check and before the gate: it may answer a request the gate refused (the payment route replays a stored answer).
 */
public record GatedRoutes(RouterFunction<ServerResponse> routes, Writes writes,
                          HandlerFilterFunction<ServerResponse, ServerResponse> beforeTheGate) {

    /** How the gate checks this group's writes (reads may always pass on the instance's recent ACTIVE answer). */
    public enum Writes {
        /** Every write asks Redis: payments (money, and the payment ends the session). */
        ASK_REDIS,
        /**
         * Writes may pass on the recent ACTIVE answer, as reads do: holds and cancels, which the database decides on its
         * own. A session ended on another instance can then still hold here for at most the gate memory's age.
         */
        MAY_USE_RECENT_ANSWER
    }

    /** Nothing in front of the gate but the signed-in-user check. */
    public GatedRoutes(RouterFunction<ServerResponse> routes, Writes writes) {
        this(routes, writes, (request, next) -> next.handle(request));
    }

    /** Writes ask Redis. */
    public GatedRoutes(RouterFunction<ServerResponse> routes) {
        this(routes, Writes.ASK_REDIS);
    }
}
