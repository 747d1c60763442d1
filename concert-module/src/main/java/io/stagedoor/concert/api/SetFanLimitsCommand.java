package io.stagedoor.concert.api;

import io.stagedoor.concert.domain.FanLimits;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's change to a concert's per-fan limits. Each limit is left as it is ({@code null} here), set to a number,
 * or given back to the configured default ({@code Optional.empty()}).
 */
public record SetFanLimitsCommand(long concertId, Optional<Integer> holdsPerFan, Optional<Integer> ticketsPerFan) {

    public SetFanLimitsCommand {
        if (concertId < 1) {
            throw new IllegalArgumentException("concertId must be positive");
        }
        requireAllowed(holdsPerFan, "holdsPerFan");
        requireAllowed(ticketsPerFan, "ticketsPerFan");
    }

    @SuppressWarnings("OptionalAssignedToNull")
    private static void requireAllowed(Optional<Integer> change, String field) {
        if (change != null && change.isPresent() && !FanLimits.isAllowed(Objects.requireNonNull(change.get()))) {
            throw new IllegalArgumentException(field + " must be an integer from 1 to " + FanLimits.MAX_PER_FAN);
        }
    }
}
