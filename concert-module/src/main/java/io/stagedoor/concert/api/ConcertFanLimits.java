package io.stagedoor.concert.api;

/** The per-fan limits a concert's holds obey now: its own numbers, or the configured defaults where it has none. */
public record ConcertFanLimits(long concertId, int holdsPerFan, int ticketsPerFan) {
}
