package io.stagedoor.queue.adapter.in.web;

import io.stagedoor.queue.api.RoomListQuery;
import io.stagedoor.queue.api.RoomOverview;
import io.stagedoor.queue.api.RoomOverviewQuery;
import io.stagedoor.queue.api.TuneRoomCommand;
import io.stagedoor.queue.api.TuneRoomUseCase;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/** Operators' routes for waiting rooms: list them, read one, tune one (the Admin-Key check sits in front, in bootstrap). */
final class RoomAdminHandler {

    private final RoomListQuery list;
    private final RoomOverviewQuery overview;
    private final TuneRoomUseCase tune;

    RoomAdminHandler(RoomListQuery list, RoomOverviewQuery overview, TuneRoomUseCase tune) {
        this.list = list;
        this.overview = overview;
        this.tune = tune;
    }

    /** {@code GET /admin/queues}: every room with waiters or sessions. */
    public Mono<ServerResponse> list(ServerRequest request) {
        return list.rooms()
                .flatMap(rooms -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(new Rooms(rooms)));
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

    record Rooms(List<RoomOverview> rooms) {
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
