package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.TuneRoomUseCase;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/** Operators' routes for a waiting room: read it, tune it (the Admin-Key check sits in front, in bootstrap). */
public final class RoomAdminHandler {

    private final RoomOverviewQuery overview;
    private final TuneRoomUseCase tune;

    public RoomAdminHandler(RoomOverviewQuery overview, TuneRoomUseCase tune) {
        this.overview = overview;
        this.tune = tune;
    }

    /** {@code GET /admin/queues/{concertId}}. */
    public Mono<ServerResponse> get(ServerRequest request) {
        long concertId = QueueHandler.positiveId(request, "concertId");
        return overview.overview(concertId)
                .flatMap(room -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(room));
    }

    /** {@code PUT /admin/queues/{concertId}} with any of activeCapacity, admissionsPerMinute, sessionSeconds, paused. */
    public Mono<ServerResponse> put(ServerRequest request) {
        long concertId = QueueHandler.positiveId(request, "concertId");
        return request.bodyToMono(TuneRoomRequest.class)
                .switchIfEmpty(Mono.error(() -> new ServerWebInputException("request body is required")))
                .map(body -> command(concertId, body))
                .flatMap(command -> tune.tune(command)
                        .onErrorMap(IllegalArgumentException.class, e -> new ServerWebInputException(e.getMessage())))
                .flatMap(room -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(room));
    }

    private static TuneRoomCommand command(long concertId, TuneRoomRequest body) {
        try {
            return new TuneRoomCommand(concertId, body.activeCapacity(), body.admissionsPerMinute(),
                    body.sessionSeconds(), body.paused());
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException(e.getMessage());
        }
    }
}
