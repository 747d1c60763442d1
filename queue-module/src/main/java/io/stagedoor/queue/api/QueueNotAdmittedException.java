package io.stagedoor.queue.api;

import io.stagedoor.common.problem.ProblemKind;
import io.stagedoor.common.problem.StagedoorProblem;

/** 403 QUEUE_NOT_ADMITTED: the token is valid but still WAITING; the body carries its {@code position}. */
public class QueueNotAdmittedException extends StagedoorProblem {

    private final long position;
    private final long concertId;

    public QueueNotAdmittedException(long concertId, long position) {
        super(ProblemKind.FORBIDDEN, "QUEUE_NOT_ADMITTED", "Not admitted yet",
                "The queue token is still waiting at position " + position);
        this.position = position;
        this.concertId = concertId;
        addProperty("position", position);
    }

    public long position() {
        return position;
    }

    /** The concert whose line the token waits in. */
    public long concertId() {
        return concertId;
    }
}
