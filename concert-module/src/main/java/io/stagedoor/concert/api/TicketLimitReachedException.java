package io.stagedoor.concert.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/**
 * 409 TICKET_LIMIT_REACHED: the fan already bought the most tickets allowed for this concert (live holds count too,
 * since each may still be bought).
 */
public final class TicketLimitReachedException extends StagedoorProblem {

    public TicketLimitReachedException(long concertId) {
        super(ProblemKind.CONFLICT, "TICKET_LIMIT_REACHED", "Ticket limit reached",
                "Your tickets and holds already reach the most tickets allowed for concert " + concertId);
    }
}
