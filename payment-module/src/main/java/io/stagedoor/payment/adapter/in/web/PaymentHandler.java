package io.stagedoor.payment.adapter.in.web;

import io.stagedoor.payment.api.ListUserPaymentsQuery;
import io.stagedoor.payment.api.PayCommand;
import io.stagedoor.payment.api.PayReservationUseCase;
import io.stagedoor.payment.api.PaymentsPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/** {@code POST /payments} (gated) and {@code GET /users/{userId}/payments}: parse and validate, call one port, map. */
public final class PaymentHandler {

    /** Request attributes the admission gate fills (bootstrap's AdmissionAttributes; copied, modules cannot import it). */
    static final String ADMITTED_USER = "stagedoor.admission.userId";
    static final String ADMITTED_CONCERT = "stagedoor.admission.concertId";
    static final String ADMITTED_TOKEN = "stagedoor.admission.token";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The signed-in user (the application's bearer check fills it; copied, modules cannot import the application). */
    static final String SIGNED_IN_USER = "stagedoor.auth.userId";

    /** The body of {@code POST /payments}. */
    record PayRequest(Long reservationId) {
    }

    private final PayReservationUseCase payments;
    private final ListUserPaymentsQuery history;

    public PaymentHandler(PayReservationUseCase payments, ListUserPaymentsQuery history) {
        this.payments = payments;
        this.history = history;
    }

    public Mono<ServerResponse> pay(ServerRequest request) {
        long userId = admitted(request, ADMITTED_USER, Long.class);
        long concertId = admitted(request, ADMITTED_CONCERT, Long.class);
        String token = admitted(request, ADMITTED_TOKEN, String.class);
        String key = request.headers().firstHeader(IDEMPOTENCY_KEY);
        return request.bodyToMono(PayRequest.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("Request body is required")))
                .map(body -> command(userId, concertId, token, body, key))
                .flatMap(payments::pay)
                .flatMap(receipt -> ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).bodyValue(receipt));
    }

    /** {@code GET /users/{userId}/payments}: the application has already refused a path naming another user. */
    public Mono<ServerResponse> listForUser(ServerRequest request) {
        long userId = admitted(request, SIGNED_IN_USER, Long.class);
        return history.list(userId, page(request))
                .flatMap(payments -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(payments));
    }

    /** {@code ?limit=1..100} (default 50) and {@code ?cursor=} the previous page's nextCursor. */
    private static PaymentsPage page(ServerRequest request) {
        int limit = PaymentsPage.DEFAULT_LIMIT;
        Long cursor = null;
        try {
            String rawLimit = request.queryParam("limit").orElse(null);
            if (rawLimit != null) {
                limit = Integer.parseInt(rawLimit);
            }
        } catch (NumberFormatException notANumber) {
            throw new ServerWebInputException("limit must be an integer from 1 to " + PaymentsPage.MAX_LIMIT);
        }
        try {
            String rawCursor = request.queryParam("cursor").orElse(null);
            if (rawCursor != null) {
                cursor = Long.parseLong(rawCursor);
            }
        } catch (NumberFormatException notACursor) {
            throw new ServerWebInputException("cursor must be a cursor this list answered as nextCursor");
        }
        try {
            return new PaymentsPage(limit, cursor);
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }

    private static PayCommand command(long userId, long concertId, String token, PayRequest body, String key) {
        if (body.reservationId() == null) {
            throw new ServerWebInputException("reservationId is required");
        }
        try {
            return new PayCommand(userId, concertId, token, body.reservationId(), key);
        } catch (IllegalArgumentException invalid) {
            throw new ServerWebInputException(invalid.getMessage());
        }
    }

    private static <T> T admitted(ServerRequest request, String attribute, Class<T> type) {
        Object value = request.attribute(attribute).orElseThrow(() ->
                new IllegalStateException("No " + attribute + " on " + request.path() + ": is the right check in front of the route?"));
        return type.cast(value);
    }
}
