package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.domain.FanRefusal;
import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.SeatOutlook;
import java.util.Objects;
import java.util.Optional;

/** The outcome of one conditional hold: the new HELD reservation, or the facts that explain why it was not won. */
public sealed interface HoldAttempt {

    record Won(Reservation reservation) implements HoldAttempt {
    }

    /** Not won; {@code outlook} is empty when the schedule does not exist at all. */
    record Lost(Optional<SeatOutlook> outlook) implements HoldAttempt {
    }

    /**
     * Not taken because of the fan's own limits (decided in the hold's own transaction); {@code outlook} still says
     * whether the request named a real seat of the admitted concert, which is the first thing the caller hears about.
     */
    record Refused(SeatOutlook outlook, FanRefusal refusal) implements HoldAttempt {
        public Refused {
            Objects.requireNonNull(outlook);
            Objects.requireNonNull(refusal);
        }
    }
}
