package io.stagedoor.payment.adapter.in.web;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.ReservationId;
import io.stagedoor.common.id.UserId;
import io.stagedoor.common.problem.StagedoorProblem;
import io.stagedoor.common.request.AdmissionAttributes;
import io.stagedoor.common.request.PageQuery;
import io.stagedoor.payment.api.CheckoutCommand;
import io.stagedoor.payment.api.CheckoutUseCase;
import io.stagedoor.payment.api.CheckoutReceipt;
import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PaymentReceipt;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentsPage;
import io.stagedoor.payment.api.ReplayedRefusalException;
import io.stagedoor.payment.api.StoredAnswerQuery;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/** {@code POST /payments} (gated) and {@code GET /users/{userId}/payments}: parse and validate, call one port, map. */
final class PaymentHandler {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The signed-in user (the application's bearer check fills it; copied, modules cannot import the application). */
    static final String SIGNED_IN_USER = "stagedoor.auth.userId";

    /** Set once the payment handler has started reading the body: from then on, its answer is the answer. */
    private static final String BODY_READ = "stagedoor.payment.bodyRead";

    /** The body of {@code POST /payments}: exactly one of the two fields. */
    record PayRequest(Long reservationId, List<Long> reservationIds) {

        boolean isCheckout() {
            return reservationIds != null;
        }
    }

    private final PayReservationUseCase payments;
    private final CheckoutUseCase checkouts;
    private final StoredAnswerQuery storedAnswers;
    private final ListUserPaymentsQuery history;

    PaymentHandler(PayReservationUseCase payments, CheckoutUseCase checkouts, StoredAnswerQuery storedAnswers,
                          ListUserPaymentsQuery history) {
        this.payments = payments;
        this.checkouts = checkouts;
        this.storedAnswers = storedAnswers;
        this.history = history;
    }

    public Mono<ServerResponse> pay(ServerRequest request) {
        long userId = admitted(request, AdmissionAttributes.USER_ID, Long.class);
        long concertId = admitted(request, AdmissionAttributes.CONCERT_ID, Long.class);
        String token = admitted(request, AdmissionAttributes.TOKEN, String.class);
        String key = request.headers().firstHeader(IDEMPOTENCY_KEY);
        request.attributes().put(BODY_READ, Boolean.TRUE);
        return body(request).flatMap(body -> body.isCheckout()
                ? checkouts.checkout(checkout(userId, concertId, token, body, key)).flatMap(PaymentHandler::checkedOut)
                : payments.pay(command(userId, concertId, token, body, key)).flatMap(PaymentHandler::paid));
    }

    /**
     * In front of the admission gate of {@code POST /payments}: when the gate refuses the Queue-Token (4xx) and the
     * request carries an Idempotency-Key, the answer stored under the signed-in user's key for this very request is
     * given instead. Paying ends the token's session, so this is how the retry of a payment that succeeded gets its
     * first answer. Without a stored answer, the gate's refusal stands. Answers the handler gave itself pass untouched.
     */
    public HandlerFilterFunction<ServerResponse, ServerResponse> replayWhenTheGateRefuses() {
        return (request, next) -> next.handle(request).onErrorResume(refusal -> {
            String key = request.headers().firstHeader(IDEMPOTENCY_KEY);
            Object user = request.attributes().get(SIGNED_IN_USER);
            if (key == null || !(user instanceof Long userId) || request.attributes().containsKey(BODY_READ)
                    || !isRefusal(refusal)) {
                return Mono.error(refusal);
            }
            return replay(request, userId, key).switchIfEmpty(Mono.error(refusal));
        });
    }

    /** A 4xx answer: the gate's own problems, or a refusal from the filters in front of it (e.g. a rate limit). */
    private static boolean isRefusal(Throwable error) {
        return error instanceof StagedoorProblem problem ? problem.kind().isRefusal()
                : error instanceof ErrorResponse response && response.getStatusCode().is4xxClientError();
    }

    private Mono<ServerResponse> replay(ServerRequest request, long userId, String key) {
        // anything that keeps the lookup from finding an answer (a body or key no payment could have stored, an outage)
        // leaves the gate's refusal, which is true; only a stored refusal replaces it
        return body(request)
                .flatMap(body -> body.isCheckout()
                        ? storedAnswers.storedCheckout(UserId.of(userId), key,
                                reservationIds(body.reservationIds())).flatMap(PaymentHandler::checkedOut)
                        : storedAnswers.storedPayment(UserId.of(userId), key,
                                reservationId(body.reservationId(), "reservationId must be a positive integer"))
                                .flatMap(PaymentHandler::paid))
                .onErrorResume(lookupFailed -> !(lookupFailed instanceof ReplayedRefusalException), lookupFailed -> Mono.empty());
    }

    /** One of the two forms, never both, never neither. */
    private static Mono<PayRequest> body(ServerRequest request) {
        return request.bodyToMono(PayRequest.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("Request body is required")))
                .map(body -> {
                    if (body.reservationId() != null && body.reservationIds() != null) {
                        throw new ServerWebInputException("reservationId and reservationIds may not be sent together");
                    }
                    if (body.reservationId() == null && body.reservationIds() == null) {
                        throw new ServerWebInputException("reservationId or reservationIds is required");
                    }
                    return body;
                });
    }

    private static Mono<ServerResponse> paid(PaymentReceipt receipt) {
        return created(PaymentJson.Receipt.of(receipt));
    }

    private static Mono<ServerResponse> checkedOut(CheckoutReceipt receipt) {
        return created(PaymentJson.Checkout.of(receipt));
    }

    private static Mono<ServerResponse> created(Record receipt) {
        return ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).bodyValue(receipt);
    }

    /** {@code GET /users/{userId}/payments}: the application has already refused a path naming another user. */
    public Mono<ServerResponse> listForUser(ServerRequest request) {
        long userId = admitted(request, SIGNED_IN_USER, Long.class);
        return history.list(UserId.of(userId), page(request))
                .flatMap(payments -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(PaymentJson.Payments.of(payments)));
    }

    /** {@code ?limit=1..100} (default 50) and {@code ?cursor=} the previous page's nextCursor. */
    private static PaymentsPage page(ServerRequest request) {
        PageQuery page = PageQuery.parse(request.queryParam("limit").orElse(null), request.queryParam("cursor").orElse(null),
                PaymentsPage.DEFAULT_LIMIT, PaymentsPage.MAX_LIMIT);
        return new PaymentsPage(page.limit(), page.cursor());
    }

    private static CheckoutCommand checkout(long userId, long concertId, String token, PayRequest body, String key) {
        try {
            return new CheckoutCommand(UserId.of(userId), ConcertId.of(concertId), token,
                    reservationIds(body.reservationIds()), key);
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }

    private static PayCommand command(long userId, long concertId, String token, PayRequest body, String key) {
        try {
            return new PayCommand(UserId.of(userId), ConcertId.of(concertId), token,
                    reservationId(body.reservationId(), "reservationId must be a positive integer"), key);
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }

    /** The body's ids as typed ids, refused with the message the contract gives for this field. */
    private static ReservationId reservationId(Long raw, String refusal) {
        if (raw == null || raw <= 0) {
            throw new IllegalArgumentException(refusal);
        }
        return ReservationId.of(raw);
    }

    /** Null stays null: the command names what is missing. */
    private static List<ReservationId> reservationIds(List<Long> raw) {
        if (raw == null) {
            return null;
        }
        List<ReservationId> ids = new ArrayList<>(raw.size());
        for (Long id : raw) {
            ids.add(reservationId(id, "reservationIds must hold positive integers"));
        }
        return ids;
    }

    private static <T> T admitted(ServerRequest request, String attribute, Class<T> type) {
        Object value = request.attribute(attribute).orElseThrow(() ->
                new IllegalStateException("No " + attribute + " on " + request.path() + ": is the right check in front of the route?"));
        return type.cast(value);
    }
}
