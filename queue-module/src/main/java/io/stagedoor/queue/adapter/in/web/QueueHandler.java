package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.common.request.PathIds;
import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueTokenMissingException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The waiting room's public routes: join, status, and the status as server-sent events. */
final class QueueHandler {

    static final String TOKEN_HEADER = "Queue-Token";
    /** The signed-in user (the application's bearer check fills it; the name is copied, modules cannot import it). */
    static final String SIGNED_IN_USER = "stagedoor.auth.userId";
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final JoinQueueUseCase join;
    private final QueueStatusQuery status;
    private final EventStreamSlots streams;

    QueueHandler(JoinQueueUseCase join, QueueStatusQuery status, EventStreamSlots streams) {
        this.join = join;
        this.status = status;
        this.streams = streams;
    }

    /**
     * {@code POST /queue/tokens {"concertId": 1}} for the signed-in user: 201 with a new token, 200 with the live one the
     * user already holds. A {@code userId} in the body is optional and must be the signed-in user's (403 otherwise).
     */
    public Mono<ServerResponse> join(ServerRequest request) {
        long userId = signedInUser(request);
        return request.bodyToMono(JoinRequest.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("request body is required")))
                .map(body -> command(userId, body))
                .flatMap(join::join)
                .flatMap(result -> ServerResponse.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(QueueStatusJson.of(result.status())));
    }

    /** {@code GET /queue/status} with the {@code Queue-Token} header. */
    public Mono<ServerResponse> status(ServerRequest request) {
        String token = request.headers().firstHeader(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            return Mono.error(new QueueTokenMissingException());
        }
        return status.status(token)
                .flatMap(view -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(QueueStatusJson.of(view)));
    }

    /**
     * {@code GET /queue/events} with the token in the {@code Queue-Token} header (never in the URL, where access logs
     * would keep it; browsers read the stream with {@code fetch}): {@code status} events whenever the standing changes,
     * ending after ACTIVE. An invalid token is answered 401 before the stream starts; a failure later ends the stream
     * with an {@code error} event carrying the problem's code. One stream per token: one that arrives later ends this
     * one ({@link EventStreamSlots}, {@link EventStream}). Beyond the instance's cap of streams, 503 QUEUE_UNAVAILABLE
     * with {@code Retry-After}.
     */
    public Mono<ServerResponse> events(ServerRequest request) {
        String token = request.headers().firstHeader(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            return Mono.error(new QueueTokenMissingException());
        }
        String key = token.trim();
        long arrival = streams.arrive(); // the order of arrival decides which of two streams of a token stays
        // The slot is taken when the body is written, not when the response is made: a client gone while the status
        // is read still gets its response made, which is then dropped unwritten, and a slot taken for it would never
        // be given back. A full instance's 503 is the body's first signal, before anything is sent, so it is still
        // answered as a problem. Taking the slot ends the token's stream that arrived earlier, or this one if a later
        // one holds the token.
        Flux<ServerSentEvent<Object>> events = Flux.defer(
                () -> EventStream.of(status.watch(token), streams.open(key, arrival), HEARTBEAT));
        return status.status(token).flatMap(first -> ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .body(BodyInserters.fromServerSentEvents(events)));
    }

    private static JoinQueueCommand command(long userId, JoinRequest body) {
        if (body.concertId() == null) {
            throw new ServerWebInputException("concertId is required");
        }
        if (body.userId() != null && body.userId() != userId) {
            throw new ActingForAnotherUserException(body.userId());
        }
        try {
            return JoinQueueCommand.bySignedInUser(userId, body.concertId());
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(e.getMessage());
        }
    }

    private static long signedInUser(ServerRequest request) {
        if (request.attributes().get(SIGNED_IN_USER) instanceof Long userId) {
            return userId;
        }
        throw new IllegalStateException("No signed-in user on POST /queue/tokens: is the bearer check in front of it?");
    }

    /** Reads a positive id path variable, or answers 400 naming it. */
    static long positiveId(ServerRequest request, String name) {
        return PathIds.positiveId(name, request.pathVariable(name));
    }
}
