package io.stagedoor.account.adapter.in.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The account module's public routes, relative to {@code /api/v1}. None is gated by the waiting room. */
public final class AccountRoutes {

    private AccountRoutes() {
    }

    public static RouterFunction<ServerResponse> routes(UserHandler users, BalanceHandler balances) {
        return RouterFunctions.route()
                .POST("/users", users::create)
                .GET("/users/{userId}/balance", balances::balance)
                .POST("/users/{userId}/balance/charges", balances::charge)
                .GET("/users/{userId}/balance/history", balances::history)
                .build();
    }
}
