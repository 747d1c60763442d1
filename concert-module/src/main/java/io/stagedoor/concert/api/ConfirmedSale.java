package io.stagedoor.concert.api;

/**
 * A reservation a batch confirmed, and whether its fan's tickets of the concert, counting this sale, now pass the
 * concert's ticket limit (then the caller undoes the confirmation before its commit).
 */
public record ConfirmedSale(ReservationView reservation, boolean pastTicketLimit) {
}
