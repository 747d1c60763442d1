package io.stagedoor.account.adapter.in.web;

import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.CreateUserUseCase;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.SignInUseCase;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The account module's routes, relative to {@code /api/v1}, over its use cases (the handlers stay package-private). None is gated by the waiting room. */
public final class AccountRoutes {

    private AccountRoutes() {
    }

    /** Sign-up and sign-in of the built-in issuer: open to anyone (absent when an external issuer is configured). */
    public static RouterFunction<ServerResponse> signUpAndSignIn(CreateUserUseCase createUser, SignInUseCase signIn) {
        return signUpAndSignIn(new UserHandler(createUser), new SignInHandler(signIn));
    }

    private static RouterFunction<ServerResponse> signUpAndSignIn(UserHandler users, SignInHandler signIn) {
        return RouterFunctions.route()
                .POST("/users", users::create)
                .POST("/auth/tokens", signIn::signIn)
                .build();
    }

    /** A user's own balance: only for the signed-in user the path names. */
    public static RouterFunction<ServerResponse> ownBalance(GetBalanceQuery getBalance, ChargeBalanceUseCase chargeBalance,
                                                            BalanceHistoryQuery balanceHistory) {
        BalanceHandler balances = new BalanceHandler(getBalance, chargeBalance, balanceHistory);
        return RouterFunctions.route()
                .GET("/users/{userId}/balance", balances::balance)
                .POST("/users/{userId}/balance/charges", balances::charge)
                .GET("/users/{userId}/balance/history", balances::history)
                .build();
    }
}
