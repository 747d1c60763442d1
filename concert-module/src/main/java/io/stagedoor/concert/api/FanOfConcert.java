package io.stagedoor.concert.api;

/** A fan of a concert: whose per-fan limits are meant. */
public record FanOfConcert(long userId, long concertId) {
}
