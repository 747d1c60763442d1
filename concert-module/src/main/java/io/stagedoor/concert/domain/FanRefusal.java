package io.stagedoor.concert.domain;

/** Why a fan may not take a seat that is otherwise free for them (see {@link FanLimits}). */
public enum FanRefusal {
    /** The fan already holds the most live holds allowed for the concert. */
    HOLD_LIMIT_REACHED,
    /** The fan's tickets (plus live holds) already reach the most tickets allowed for the concert. */
    TICKET_LIMIT_REACHED,
    /** The fan's hold on this very seat ran out unpaid within the re-hold cool-down. */
    RE_HOLD_COOLING_DOWN
}
