package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.JoinQueueCommand;
import io.stagedoor.queue.api.JoinQueueUseCase;
import io.stagedoor.queue.api.QueueProblem;
import io.stagedoor.queue.api.QueueStatusQuery;
import io.stagedoor.queue.api.QueueTokenMissingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
public final class QueueHandler {

    static final String TOKEN_HEADER = "Queue-Token";
    static final String TOKEN_QUERY_PARAM = "token";
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final JoinQueueUseCase join;
    private final QueueStatusQuery status;

    public QueueHandler(JoinQueueUseCase join, QueueStatusQuery status) {
        this.join = join;
        this.status = status;
    }

    /** {@code POST /queue/tokens}: 201 with a new token, 200 with the live one the user already holds. */
    public Mono<ServerResponse> join(ServerRequest request) {
        return request.bodyToMono(JoinRequest.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("request body is required")))
                .map(QueueHandler::command)
                .flatMap(join::join)
                .flatMap(result -> ServerResponse.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(result.status()));
    }

    /** {@code GET /queue/status} with the {@code Queue-Token} header. */
    public Mono<ServerResponse> status(ServerRequest request) {
        String token = request.headers().firstHeader(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            return Mono.error(new QueueTokenMissingException());
        }
        return status.status(token)
                .flatMap(view -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view));
    }

    /**
     * {@code GET /queue/events} with the token in the {@code Queue-Token} header or the {@code token} query parameter
     * (browsers' EventSource cannot send headers): {@code status} events whenever the standing changes, ending after
     * ACTIVE. An invalid token is answered 401 before the stream starts; a failure later ends the stream with an
     * {@code error} event carrying the problem's code.
     */
    public Mono<ServerResponse> events(ServerRequest request) {
        String header = request.headers().firstHeader(TOKEN_HEADER);
        String token = header != null && !header.isBlank() ? header : request.queryParam(TOKEN_QUERY_PARAM).orElse(null);
        if (token == null || token.isBlank()) {
            return Mono.error(new QueueTokenMissingException());
        }
        return status.status(token).flatMap(first -> {
            Flux<ServerSentEvent<Object>> events = status.watch(token)
                    .map(view -> ServerSentEvent.<Object>builder(view).event("status").build())
                    .onErrorResume(error -> Mono.just(errorEvent(error)));
            Flux<ServerSentEvent<Object>> withHeartbeat = events.publish(shared -> Flux.merge(shared,
                    Flux.interval(HEARTBEAT)
                            .map(tick -> ServerSentEvent.<Object>builder().comment("still waiting").build())
                            .takeUntilOther(shared.then())));
            return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(BodyInserters.fromServerSentEvents(withHeartbeat));
        });
    }

    private static ServerSentEvent<Object> errorEvent(Throwable error) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (error instanceof QueueProblem problem) {
            body.put("code", problem.code());
            body.put("status", problem.getStatusCode().value());
            body.put("detail", problem.getBody().getDetail());
        } else {
            body.put("code", "INTERNAL_ERROR");
            body.put("status", 500);
        }
        return ServerSentEvent.<Object>builder(body).event("error").build();
    }

    private static JoinQueueCommand command(JoinRequest body) {
        if (body.userId() == null) {
            throw new ServerWebInputException("userId is required");
        }
        if (body.concertId() == null) {
            throw new ServerWebInputException("concertId is required");
        }
        try {
            return new JoinQueueCommand(body.userId(), body.concertId());
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(e.getMessage());
        }
    }

    /** Reads a positive id path variable, or answers 400 naming it. */
    static long positiveId(ServerRequest request, String name) {
        String raw = request.pathVariable(name);
        try {
            long value = Long.parseLong(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ServerWebInputException(name + " must be a positive integer");
    }
}
