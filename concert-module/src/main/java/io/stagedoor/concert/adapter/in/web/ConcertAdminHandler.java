package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.concert.api.ConcertFanLimits;
import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreateConcertUseCase;
import io.stagedoor.concert.api.FanLimitsQuery;
import io.stagedoor.concert.api.SetFanLimitsCommand;
import io.stagedoor.concert.api.SetFanLimitsUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Operator endpoints of the concert module (behind the Admin-Key check). */
final class ConcertAdminHandler {

    private final CreateConcertUseCase createConcert;
    private final SetFanLimitsUseCase setFanLimits;
    private final FanLimitsQuery fanLimits;

    ConcertAdminHandler(CreateConcertUseCase createConcert, SetFanLimitsUseCase setFanLimits,
                               FanLimitsQuery fanLimits) {
        this.createConcert = Objects.requireNonNull(createConcert);
        this.setFanLimits = Objects.requireNonNull(setFanLimits);
        this.fanLimits = Objects.requireNonNull(fanLimits);
    }

    /** GET /admin/concerts/{concertId}/fan-limits → 200 the limits in force. */
    public Mono<ServerResponse> getFanLimits(ServerRequest request) {
        long concertId = RequestInput.positiveId(request, "concertId");
        return fanLimits.fanLimits(ConcertId.of(concertId)).flatMap(ConcertAdminHandler::ok);
    }

    /**
     * PUT /admin/concerts/{concertId}/fan-limits with any of {@code holdsPerFan}, {@code ticketsPerFan} (1..1000, or
     * null for the configured default) → 200 the limits in force; the next hold obeys them.
     */
    public Mono<ServerResponse> putFanLimits(ServerRequest request) {
        long concertId = RequestInput.positiveId(request, "concertId");
        return RequestInput.jsonObject(request)
                .map(body -> {
                    for (var names = body.propertyNames().iterator(); names.hasNext(); ) {
                        String name = names.next();
                        if (!"holdsPerFan".equals(name) && !"ticketsPerFan".equals(name)) {
                            throw new ServerWebInputException(name + " is not a fan-limit setting"
                                    + " (holdsPerFan, ticketsPerFan)");
                        }
                    }
                    return RequestInput.validated(() -> new SetFanLimitsCommand(concertId,
                            change(body, "holdsPerFan"), change(body, "ticketsPerFan")), "");
                })
                .flatMap(setFanLimits::setFanLimits)
                .flatMap(ConcertAdminHandler::ok);
    }

    /** Absent: no change (null); JSON null: back to the default (empty); a number: that number. */
    @SuppressWarnings("OptionalAssignedToNull")
    private static Optional<Integer> change(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode node = body.get(field);
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ServerWebInputException(field + " must be an integer from 1 to 1000, or null");
        }
        return Optional.of(node.intValue());
    }

    private static Mono<ServerResponse> ok(ConcertFanLimits limits) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(limits);
    }

    /**
     * POST /admin/concerts {"title": "...", "schedules": [{"startsAt": "...", "seats": 50, "price": 130000}]}
     * → 201 with the concert id and each schedule's id. {@code seats} defaults to 50.
     */
    public Mono<ServerResponse> createConcert(ServerRequest request) {
        return RequestInput.jsonObject(request)
                .map(ConcertAdminHandler::command)
                .flatMap(createConcert::create)
                .flatMap(created -> ServerResponse.status(HttpStatus.CREATED)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(created));
    }

    private static CreateConcertCommand command(JsonNode body) {
        String title = RequestInput.requiredText(body, "title", "title");
        JsonNode schedulesNode = RequestInput.required(body, "schedules", "schedules");
        if (!schedulesNode.isArray()) {
            throw new ServerWebInputException("schedules must be an array");
        }
        List<CreateConcertCommand.Schedule> schedules = new ArrayList<>();
        for (int i = 0; i < schedulesNode.size(); i++) {
            String path = "schedules[" + i + "]";
            JsonNode node = schedulesNode.get(i);
            if (node == null || !node.isObject()) {
                throw new ServerWebInputException(path + " must be an object");
            }
            var startsAt = RequestInput.requiredInstant(node, "startsAt", path + ".startsAt");
            JsonNode seatsNode = RequestInput.optional(node, "seats");
            int seats = seatsNode == null ? CreateConcertCommand.DEFAULT_SEATS
                    : RequestInput.intValue(seatsNode, path + ".seats");
            long price = RequestInput.requiredLong(node, "price", path + ".price");
            schedules.add(RequestInput.validated(
                    () -> new CreateConcertCommand.Schedule(startsAt, seats, price), path + "."));
        }
        return RequestInput.validated(() -> new CreateConcertCommand(title, schedules), "");
    }
}
