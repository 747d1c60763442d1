package io.stagedoor.concert.application.port.out;

import io.stagedoor.concert.domain.Reservation;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The seat state machine, each transition one conditional statement on the seat row with the reservation row
 * changed in the same statement (seat row locked first, always). Works inside a caller's transaction when there is one.
 */
public interface SeatHolds {

    /**
     * Takes the seat for {@code userId} until {@code expiresAt} if the schedule belongs to {@code concertId}, starts
     * after {@code now} and the seat is free at {@code now}; a superseded expired reservation of the seat becomes EXPIRED.
     * Atomic on its own; may run in one statement with other callers' holds, so it does not join a caller's transaction.
     */
    Mono<HoldAttempt> hold(long userId, long concertId, long scheduleId, int seatNumber, Instant now, Instant expiresAt);

    /** HELD by {@code userId} and live at {@code now} → CONFIRMED and the seat SOLD; empty when the rule refuses. */
    Mono<Reservation> confirm(long reservationId, long userId, Instant now);

    /**
     * Live hold of {@code userId} on a schedule of {@code concertId} → CANCELLED and the seat AVAILABLE; empty when the
     * rule refuses.
     */
    Mono<Reservation> cancel(long reservationId, long userId, long concertId, Instant now);

    /**
     * Frees up to {@code limit} seats whose hold ran out at {@code now} and marks their reservations EXPIRED, skipping
     * seats another sweeper has locked; emits how many it freed.
     */
    Mono<Integer> releaseExpired(Instant now, int limit);
}
