package io.stagedoor.concert.api;

/** A concert a client can queue for. */
public record ConcertSummary(long concertId, String title) {
}
