package io.stagedoor.concert.adapter.in.web;

import io.stagedoor.concert.api.CreateConcertCommand;
import io.stagedoor.concert.api.CreateConcertUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Operator endpoints of the concert module (behind the Admin-Key check). */
public final class ConcertAdminHandler {

    private final CreateConcertUseCase createConcert;

    public ConcertAdminHandler(CreateConcertUseCase createConcert) {
        this.createConcert = Objects.requireNonNull(createConcert);
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
