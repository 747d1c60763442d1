package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/**
 * 409 TICKET_LIMIT_REACHED: the fan already bought the most tickets allowed for this concert (live holds count too,
 * since each may still be bought), or a payment would take the fan past it.
 */
public final class TicketLimitReachedException extends StagedoorProblem {

    public TicketLimitReachedException(long concertId) {
        super(ProblemKind.CONFLICT, "TICKET_LIMIT_REACHED", "Ticket limit reached",
                "Your tickets and holds already reach the most tickets allowed for concert " + concertId);
    }

    /** At payment: the tickets just paid would take the fan past the concert's ticket limit (it may have been lowered). */
    public TicketLimitReachedException(long concertId, int ticketLimit) {
        super(ProblemKind.CONFLICT, "TICKET_LIMIT_REACHED", "Ticket limit reached",
                "Paying these reservations would take you past the " + ticketLimit
                        + " tickets allowed for concert " + concertId + "; nothing was paid");
    }
}
