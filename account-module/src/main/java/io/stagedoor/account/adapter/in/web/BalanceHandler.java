package io.stagedoor.account.adapter.in.web;

import io.stagedoor.account.api.BalanceHistoryQuery;
import io.stagedoor.account.api.ChargeBalanceUseCase;
import io.stagedoor.account.api.ChargeCommand;
import io.stagedoor.account.api.GetBalanceQuery;
import io.stagedoor.account.api.HistoryRequest;
import io.stagedoor.common.request.PageQuery;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /users/{userId}/balance}: the balance, charging it, and its history. The user is the signed-in one; the
 * application has already refused a path that names anybody else.
 */
final class BalanceHandler {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final GetBalanceQuery getBalance;
    private final ChargeBalanceUseCase chargeBalance;
    private final BalanceHistoryQuery balanceHistory;

    BalanceHandler(GetBalanceQuery getBalance, ChargeBalanceUseCase chargeBalance, BalanceHistoryQuery balanceHistory) {
        this.getBalance = getBalance;
        this.chargeBalance = chargeBalance;
        this.balanceHistory = balanceHistory;
    }

    /** {@code GET /users/{userId}/balance} -> 200 {@code {"userId": 42, "balance": 150000}}. */
    public Mono<ServerResponse> balance(ServerRequest request) {
        return Mono.fromSupplier(() -> AuthenticatedUser.of(request))
                .flatMap(getBalance::balanceOf)
                .flatMap(BalanceHandler::ok);
    }

    /**
     * {@code POST /users/{userId}/balance/charges {"amount": 50000}}, optional {@code Idempotency-Key} -> 200
     * {@code {"userId": 42, "balance": 200000}}.
     */
    public Mono<ServerResponse> charge(ServerRequest request) {
        return Mono.fromSupplier(() -> AuthenticatedUser.of(request))
                .flatMap(userId -> JsonBodies.object(request)
                        .map(body -> command(userId, amount(body), request.headers().firstHeader(IDEMPOTENCY_KEY))))
                .flatMap(chargeBalance::charge)
                .flatMap(BalanceHandler::ok);
    }

    /**
     * {@code GET /users/{userId}/balance/history[?limit=100][&cursor=]} -> 200 the newest entries first, and the
     * {@code nextCursor} of the next page.
     */
    public Mono<ServerResponse> history(ServerRequest request) {
        return Mono.fromSupplier(() -> {
                    long userId = AuthenticatedUser.of(request);
                    PageQuery page = page(request);
                    return new HistoryRequest(userId, page.limit(), page.cursor());
                })
                .flatMap(balanceHistory::history)
                .flatMap(BalanceHandler::ok);
    }

    private static ChargeCommand command(long userId, long amount, String idempotencyKey) {
        try {
            return new ChargeCommand(userId, amount, idempotencyKey);
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }

    /**
     * The amount must be a JSON integer. Whether it is in range is the charge policy's call (400 INVALID_AMOUNT);
     * an integer beyond the long range is out of any range, so it is saturated and refused by the policy the same way.
     */
    private static long amount(JsonNode body) {
        JsonNode amount = JsonBodies.required(body, "amount");
        if (!amount.isIntegralNumber()) {
            throw new ServerWebInputException("amount must be a whole number of KRW (a JSON integer)");
        }
        if (amount.canConvertToLong()) {
            return amount.longValue();
        }
        return amount.bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    private static PageQuery page(ServerRequest request) {
        return PageQuery.parse(request.queryParam("limit").orElse(null), request.queryParam("cursor").orElse(null),
                HistoryRequest.DEFAULT_LIMIT, HistoryRequest.MAX_LIMIT);
    }

    private static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
