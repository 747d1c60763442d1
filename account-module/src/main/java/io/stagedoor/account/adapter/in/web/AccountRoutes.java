package io.stagedoor.account.adapter.in.web;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The account module's routes, relative to {@code /api/v1}. None is gated by the waiting room. */
public final class AccountRoutes {

    private AccountRoutes() {
    }

    /** Sign-up and sign-in of the built-in issuer: open to anyone (absent when an external issuer is configured). */
    public static RouterFunction<ServerResponse> signUpAndSignIn(UserHandler users, SignInHandler signIn) {
        return RouterFunctions.route()
                .POST("/users", users::create)
                .POST("/auth/tokens", signIn::signIn)
                .build();
    }

    /** A user's own balance: only for the signed-in user the path names. */
    public static RouterFunction<ServerResponse> ownBalance(BalanceHandler balances) {
        return RouterFunctions.route()
                .GET("/users/{userId}/balance", balances::balance)
                .POST("/users/{userId}/balance/charges", balances::charge)
                .GET("/users/{userId}/balance/history", balances::history)
                .build();
    }
}
