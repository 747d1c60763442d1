package io.stagedoor.bootstrap.web;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The queue's admission check, supplied by the queue module's wiring and put by the api router in front of every
 * {@link GatedRoutes}. It answers QUEUE_TOKEN_MISSING / QUEUE_TOKEN_INVALID / QUEUE_NOT_ADMITTED / QUEUE_WRONG_CONCERT /
 * QUEUE_UNAVAILABLE itself and, for an ACTIVE token, fills the {@link AdmissionAttributes} before calling the handler.
 */
public record AdmissionGate(HandlerFilterFunction<ServerResponse, ServerResponse> filter,
                            HandlerFilterFunction<ServerResponse, ServerResponse> filterTrustingRecentAnswerForWrites) {

    /** The filter for a group of gated routes, by how that group's writes are to be checked. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> filterFor(GatedRoutes.Writes writes) {
        return writes == GatedRoutes.Writes.MAY_USE_RECENT_ANSWER ? filterTrustingRecentAnswerForWrites : filter;
    }
}
