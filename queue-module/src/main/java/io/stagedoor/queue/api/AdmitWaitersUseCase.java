package io.stagedoor.queue.api;

import reactor.core.publisher.Mono;

/**
 * One admission tick over every known room: drop expired sessions, sweep abandoned waiters, admit as many waiters as
 * free capacity and the per-minute rate allow, in arrival order; a room left with nobody waiting and no session stops
 * being ticked until somebody joins it. Safe to run on any number of instances at once.
 */
public interface AdmitWaitersUseCase {

    /** Emits how many waiters this tick admitted across all rooms. */
    Mono<Integer> admitAll();
}
