package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.common.request.AdmissionAttributes;
import io.stagedoor.queue.api.Admission;
import io.stagedoor.queue.api.QueueNotAdmittedException;
import io.stagedoor.queue.api.QueueTokenMissingException;
import io.stagedoor.queue.api.QueueWrongConcertException;
import io.stagedoor.queue.api.ValidateActiveTokenQuery;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admission gate in front of every gated route. Answers (as errors the global handler renders)
 * QUEUE_TOKEN_MISSING, QUEUE_TOKEN_INVALID, QUEUE_NOT_ADMITTED (with position), QUEUE_WRONG_CONCERT (when the route's
 * {@code {concertId}} is not the token's) and QUEUE_UNAVAILABLE: it fails closed, so no request passes unchecked.
 * For an ACTIVE token it leaves the admitted user, concert and token in the request attributes and calls the handler.
 *
 * <p>Reads (GET, HEAD) may be let through on this instance's recent memory of the token's ACTIVE answer
 * ({@link ValidateActiveTokenQuery#validateRecent}). Writes ask Redis, unless the gate was made with
 * {@link #trustingRecentAnswerForWrites}: for route groups whose writes the database decides on its own and that
 * neither move money nor end the session (holds and cancels), never for payments.
 */
final class AdmissionGateFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final String CONCERT_ID_VARIABLE = "concertId";

    private final ValidateActiveTokenQuery validation;
    private final boolean writesMayUseRecentAnswer;

    /** Reads may pass on the recent ACTIVE answer; every write asks Redis. */
    AdmissionGateFilter(ValidateActiveTokenQuery validation) {
        this(validation, false);
    }

    private AdmissionGateFilter(ValidateActiveTokenQuery validation, boolean writesMayUseRecentAnswer) {
        this.validation = validation;
        this.writesMayUseRecentAnswer = writesMayUseRecentAnswer;
    }

    /** Reads and writes may pass on the recent ACTIVE answer (never past the session's end; see the class comment). */
    static AdmissionGateFilter trustingRecentAnswerForWrites(ValidateActiveTokenQuery validation) {
        return new AdmissionGateFilter(validation, true);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        String token = request.headers().firstHeader(QueueHandler.TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            return Mono.error(new QueueTokenMissingException());
        }
        Long routeConcertId = routeConcertId(request);
        String trimmed = token.trim();
        HttpMethod method = request.method();
        Mono<Admission> check = writesMayUseRecentAnswer || HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                ? validation.validateRecent(trimmed) : validation.validate(trimmed);
        return check
                .onErrorMap(QueueNotAdmittedException.class, waiting -> routeConcertId != null
                        && routeConcertId != waiting.concertId()
                        ? new QueueWrongConcertException(waiting.concertId(), routeConcertId) : waiting)
                .flatMap(admission -> {
                    if (routeConcertId != null && routeConcertId != admission.concertId().value()) {
                        return Mono.error(new QueueWrongConcertException(admission.concertId().value(), routeConcertId));
                    }
                    admit(request, admission);
                    return next.handle(request);
                });
    }

    private static void admit(ServerRequest request, Admission admission) {
        request.attributes().put(AdmissionAttributes.USER_ID, admission.userId().value());
        request.attributes().put(AdmissionAttributes.CONCERT_ID, admission.concertId().value());
        request.attributes().put(AdmissionAttributes.TOKEN, admission.token());
    }

    /** The route's {concertId} when it has one that is a number; a malformed one is left to the handler (400). */
    private static Long routeConcertId(ServerRequest request) {
        String raw = request.pathVariables().get(CONCERT_ID_VARIABLE);
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
