package io.stagedoor.payment.adapter.in.web;

import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.StoredAnswerQuery;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The payment module's routes, relative to /api/v1. */
public final class PaymentRoutes {

    private final PaymentHandler handler;

    /** The routes over the module's use cases (its handler stays package-private). */
    public PaymentRoutes(PayReservationUseCase payments, CheckoutUseCase checkouts, StoredAnswerQuery storedAnswers,
                         ListUserPaymentsQuery history) {
        this.handler = new PaymentHandler(payments, checkouts, storedAnswers, history);
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
