package io.stagedoor.load.api;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** The waiting-room status object of docs/api.md ("Waiting room"), as the harness needs it. */
public record QueueTicket(String token, long userId, long concertId, String status, long position, long ahead,
                          long estimatedWaitSeconds, long pollAfterMillis, Instant activeUntil) {

    public static QueueTicket from(JsonNode json) {
        JsonNode until = json.get("activeUntil");
        return new QueueTicket(json.path("token").asString(""), json.path("userId").asLong(), json.path("concertId").asLong(),
                json.path("status").asString(""), json.path("position").asLong(), json.path("ahead").asLong(),
                json.path("estimatedWaitSeconds").asLong(), json.path("pollAfterMillis").asLong(1000),
                until == null || until.isNull() ? null : Instant.parse(until.asString()));
    }

    /** The same ticket with another status (e.g. a harness-side "LOST" after a 401). */
    public QueueTicket withStatus(String newStatus) {
        return new QueueTicket(token, userId, concertId, newStatus, position, ahead, estimatedWaitSeconds, pollAfterMillis, activeUntil);
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
