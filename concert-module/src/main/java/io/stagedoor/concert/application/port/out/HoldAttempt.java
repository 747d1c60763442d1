package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.domain.Reservation;
import io.stagedoor.concert.domain.SeatOutlook;
import java.util.Optional;

/** The outcome of one conditional hold: the new HELD reservation, or the facts that explain why it was not won. */
public sealed interface HoldAttempt {

    record Won(Reservation reservation) implements HoldAttempt {
    }

    /** Not won; {@code outlook} is empty when the schedule does not exist at all. */
    record Lost(Optional<SeatOutlook> outlook) implements HoldAttempt {
    }
}
