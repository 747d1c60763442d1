package io.stagedoor.queue.api;

import java.util.List;

/**
 * What one admission round did to one room: how many it admitted (and their sequence numbers, in order), how many
 * abandoned places it dropped at the front, expired sessions it removed and abandoned waiters it swept, and the
 * counts it left behind.
 */
public record AdmissionRound(long concertId, int admitted, int abandoned, int expired, int swept, long active,
        long waiting, long admittedLastMinute, List<Long> admittedSequence) {

    /** Nobody waits and no session runs: nothing for the admitter to do in this room until somebody joins. */
    public boolean idle() {
        return waiting == 0 && active == 0;
    }
}
