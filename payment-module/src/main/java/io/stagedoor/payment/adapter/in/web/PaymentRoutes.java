package io.stagedoor.payment.adapter.in.web;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The payment module's routes, relative to /api/v1. */
public final class PaymentRoutes {

    private final PaymentHandler handler;

    public PaymentRoutes(PaymentHandler handler) {
        this.handler = handler;
    }

    /** Behind the queue's admission gate: only an ACTIVE token pays. */
    public RouterFunction<ServerResponse> gated() {
        return RouterFunctions.route()
                .POST("/payments", handler::pay)
                .build();
    }

    /** In front of the gate of {@link #gated()}: see {@link PaymentHandler#replayWhenTheGateRefuses()}. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> beforeTheGate() {
        return handler.replayWhenTheGateRefuses();
    }

    /** A user's own payments: only for the signed-in user the path names (like the balance routes). */
    public RouterFunction<ServerResponse> ownPayments() {
        return RouterFunctions.route()
                .GET("/users/{userId}/payments", handler::listForUser)
                .build();
    }
}
