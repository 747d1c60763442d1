package io.stagedoor.concert.api;

import io.stagedoor.common.id.ConcertId;
import io.stagedoor.common.id.UserId;
import java.util.Objects;

/** A fan of a concert: whose per-fan limits are meant. */
public record FanOfConcert(UserId userId, ConcertId concertId) {

    public FanOfConcert {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(concertId, "concertId");
    }
}
